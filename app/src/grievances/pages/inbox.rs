//! `/inbox`: what the deadline job and the other steps put in the caller's unit's inbox —
//! new cases to decide, assignments, redos, extensions to decide, supervision, due soon and
//! overdue — newest first, unread in bold, and one form to mark everything read.

use crate::flash::{Flash, LoadFailed};
use crate::grievances::kinds::InboxKind;
use crate::grievances::model::{CardLine, InboxLine};
use crate::i18n::use_texts;
use futures::FutureExt;
use leptos::prelude::*;
use leptos_meta::Title;

#[server(endpoint = "grievances_inbox")]
pub async fn load_inbox() -> Result<(Vec<InboxLine>, u64, Vec<CardLine>), ServerFnError> {
    use crate::grievances::inbox;
    use crate::session::{OrPage, signed_in};
    let (db, actor) = signed_in(false)?;
    let items = inbox::list(&db, &actor, 100).await.or_page()?;
    let unread = items.iter().filter(|i| !i.read).count() as u64;
    let cards = crate::grievances::stats::own_cards(&db, &actor)
        .await
        .or_page()?;
    Ok((items, unread, cards))
}

/// The workbench's count and the unit's recent yellow cards; nothing for those without an
/// inbox.
#[server(endpoint = "grievances_unread")]
pub async fn unread_count() -> Result<(u64, Vec<CardLine>), ServerFnError> {
    use crate::session::{OrPage, signed_in};
    let (db, actor) = signed_in(false)?;
    let unread = crate::grievances::inbox::unread(&db, &actor)
        .await
        .or_page()?;
    let cards = crate::grievances::stats::own_cards(&db, &actor)
        .await
        .or_page()?;
    Ok((unread, cards))
}

/// "本单位收到黄牌警告": each card with its date and reason.
#[component]
pub fn OwnCards(cards: Vec<CardLine>) -> impl IntoView {
    let t = use_texts();
    (!cards.is_empty()).then(|| {
        let lines = cards
            .into_iter()
            .map(|c| view! { <li>{c.issued_on}" · "{c.reason}</li> })
            .collect_view();
        view! {
            <div class="error" role="status">
                <strong>{t.gv_own_cards()}</strong>
                <ul>{lines}</ul>
            </div>
        }
    })
}

#[component]
pub fn InboxPage() -> impl IntoView {
    let t = use_texts();
    let loaded = crate::session::load_once(load_inbox());
    view! {
        <Title text=format!("{} · {}", t.gv_inbox_title(), t.app_name())/>
        <div class="page-head">
            <h1>{t.gv_inbox_title()}</h1>
            <a href="/grievances">{t.gv_ledger_title()}</a>
        </div>
        <Flash/>
        <Suspense>
            {move || Suspend::new(loaded.clone().then(move |loaded| async move {
                let (items, unread, own) = match loaded {
                    Ok(data) => data,
                    Err(e) => return view! { <LoadFailed error=e/> }.into_any(),
                };
                if items.is_empty() {
                    return view! {
                        <OwnCards cards=own/>
                        <p class="muted">{t.gv_inbox_none()}</p>
                    }
                        .into_any();
                }
                let cards = items
                    .into_iter()
                    .map(|i| {
                        let late = matches!(i.kind, InboxKind::Overdue | InboxKind::Escalated);
                        let class = if late { "card overdue" } else { "card" };
                        let href = format!("/grievances/{}", i.grievance_id);
                        view! {
                            <li class=class>
                                <a class="card-title" href=href>
                                    {if i.read {
                                        view! { <span>{i.kind.label(t)}</span> }.into_any()
                                    } else {
                                        view! { <strong>{i.kind.label(t)}</strong> }.into_any()
                                    }}
                                    " · " {i.code}
                                </a>
                                {(!i.read).then(|| view! { <span class="badge">{t.gv_inbox_unread()}</span> })}
                                <span class="muted">{i.summary}</span>
                                <span class="due">{i.status.label(t)}" · "{i.at}</span>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <OwnCards cards=own/>
                    {(unread > 0).then(|| view! {
                        <form method="post" action="/inbox/read">
                            <button type="submit" class="button secondary">
                                {t.gv_inbox_read_all()}" (" {t.gv_inbox_unread_count(unread)} ")"
                            </button>
                        </form>
                    })}
                    <ul class="cards">{cards}</ul>
                }
                    .into_any()
            }))}
        </Suspense>
    }
}
