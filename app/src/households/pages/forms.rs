//! The household page's forms for those who manage it: edit, members, pairing.

use super::*;

/// The edit, add-member and pairing forms, each folded (`<details>`) unless it was the one
/// the server just sent back with an error.
pub(super) fn manage_forms(
    t: Texts,
    id: &str,
    h: &Household,
    tags: &[TagOption],
    candidates: &[CadreChoice],
    typed: Typed,
) -> AnyView {
    let edit_typed = typed.form == "edit";
    let member_typed = typed.form == "member";
    let value = |key: &str, current: &str, mine: bool| {
        if mine {
            typed.value(key).unwrap_or_default()
        } else {
            current.to_owned()
        }
    };
    let group_name = value("group_name", &h.row.group_name, edit_typed);
    let house_number = value("house_number", &h.row.house_number, edit_typed);
    let address = value("address", &h.row.address, edit_typed);
    let head_name = value("head_name", &h.row.head_name, edit_typed);
    let chosen = if edit_typed {
        typed.tags.clone()
    } else {
        h.row.tags.clone()
    };
    let name = value("name", "", member_typed);
    let relation = value("relation", "", member_typed);
    let gender = value("gender", "", member_typed);
    let birth_date = value("birth_date", "", member_typed);
    let paired: Vec<&str> = h.cadres.iter().map(|c: &Cadre| c.id.as_str()).collect();
    let cadre_checks = candidates
        .iter()
        .map(|c| {
            let checked = paired.contains(&c.id.as_str());
            let label = if c.unit_name.is_empty() {
                c.name.clone()
            } else {
                format!("{}（{}）", c.name, c.unit_name)
            };
            view! {
                <label class="check">
                    <input type="checkbox" name="cadre" value=c.id.clone() checked=checked/>
                    {label}
                </label>
            }
        })
        .collect_view();
    let genders = [("", t.users_choose()), ("男", "男"), ("女", "女")]
        .into_iter()
        .map(|(code, label)| {
            let selected = code == gender;
            view! { <option value=code selected=selected>{label}</option> }
        })
        .collect_view();
    let relations = RELATIONS
        .into_iter()
        .map(|r| view! { <option value=r></option> })
        .collect_view();
    let edit = view! {
        <section class="panel">
            <details open=edit_typed>
                <summary><h2 class="summary-title">{t.households_edit_heading()}</h2></summary>
                <form class="form" method="post" action=format!("/households/{id}")>
                    <label for="group_name">{t.households_field_group()}</label>
                    <input id="group_name" name="group_name" value=group_name maxlength="32"
                        autocomplete="off"/>
                    <label for="house_number">{t.households_field_house_number()}</label>
                    <input id="house_number" name="house_number" value=house_number
                        maxlength="32" autocomplete="off"/>
                    <label for="address">{t.households_field_address()}</label>
                    <input id="address" name="address" value=address maxlength="128"
                        autocomplete="off"/>
                    <label for="head_name">{t.households_field_head_name()}</label>
                    <input id="head_name" name="head_name" value=head_name required
                        maxlength="32" autocomplete="off"/>
                    <label for="phone">{t.households_field_phone()}</label>
                    <input id="phone" name="phone" type="tel" inputmode="tel" maxlength="20"
                        autocomplete="off"/>
                    <p class="hint">{t.households_field_phone_keep_hint()}</p>
                    <label class="check">
                        <input type="checkbox" name="clear_phone" value="1"/>
                        {t.households_field_clear_phone()}
                    </label>
                    <fieldset class="field-group">
                        <legend>{t.households_field_tags()}</legend>
                        {tag_checks(tags, &chosen)}
                    </fieldset>
                    <label for="notes">{t.households_field_notes()}</label>
                    <textarea id="notes" name="notes" maxlength="1000" rows="3">{crate::html::textarea(&h.notes)}</textarea>
                    <button type="submit" class="button">{t.users_save()}</button>
                </form>
            </details>
        </section>
    }
    .into_any();
    let member = view! {
        <section class="panel">
            <details open=member_typed>
                <summary><h2 class="summary-title">{t.households_add_member()}</h2></summary>
                <form class="form" method="post" action=format!("/households/{id}/members")>
                    <label for="member_name">{t.households_member_name()}</label>
                    <input id="member_name" name="name" value=name required maxlength="32"
                        autocomplete="off"/>
                    <label for="relation">{t.households_member_relation()}</label>
                    <input id="relation" name="relation" value=relation list="relations"
                        maxlength="16" autocomplete="off"/>
                    <datalist id="relations">{relations}</datalist>
                    <label for="gender">{t.households_member_gender()}</label>
                    <select id="gender" name="gender">{genders}</select>
                    <label for="birth_date">{t.households_member_birth_date()}</label>
                    <input id="birth_date" name="birth_date" type="date" value=birth_date/>
                    <label for="id_number">{t.households_member_id_number()}</label>
                    <input id="id_number" name="id_number" maxlength="18" autocomplete="off"
                        autocapitalize="characters" spellcheck="false"/>
                    <p class="hint">{t.households_member_id_hint()}</p>
                    <label for="member_phone">{t.households_col_phone()}</label>
                    <input id="member_phone" name="phone" type="tel" inputmode="tel"
                        maxlength="20" autocomplete="off"/>
                    <button type="submit" class="button">{t.households_add_member_submit()}</button>
                </form>
            </details>
        </section>
    }
    .into_any();
    let pairing = view! {
        <section class="panel">
            <details open={typed.form == "cadres"}>
                <summary><h2 class="summary-title">{t.households_cadres_heading()}</h2></summary>
                <form class="form" method="post" action=format!("/households/{id}/cadres")>
                    {if candidates.is_empty() {
                        view! { <p class="muted">{t.households_no_candidates()}</p> }.into_any()
                    } else {
                        view! { <div class="checks">{cadre_checks}</div> }.into_any()
                    }}
                    <p class="hint">{t.households_cadres_hint()}</p>
                    <button type="submit" class="button">{t.households_cadres_submit()}</button>
                </form>
            </details>
        </section>
    }
    .into_any();
    view! { {edit}{member}{pairing} }.into_any()
}
