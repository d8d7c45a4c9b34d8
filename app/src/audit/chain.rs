//! Appending to a chain, and checking one.

use super::{AuditAction, Outcome, entity};
use crate::access::Actor;
use crate::error::AppError;
use crate::tenancy::{Mode, Tx};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr,
    EntityTrait, QueryFilter, QueryOrder, Statement,
};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use uuid::Uuid;

/// Who acted: a signed-in actor, or someone who only typed a username (sign-in).
#[derive(Clone, Debug)]
pub struct Who {
    pub id: Option<Uuid>,
    pub name: String,
    pub role: Option<&'static str>,
    pub ip: String,
}

impl Who {
    pub fn actor(actor: &Actor, ip: &str) -> Who {
        Who {
            id: Some(actor.user_id),
            name: actor.username.clone(),
            role: Some(actor.role.code()),
            ip: ip.to_owned(),
        }
    }
}

/// One line of the log. `detail` is JSON with the particulars; never personal data or secrets.
#[derive(Clone, Debug)]
pub struct Event {
    pub action: AuditAction,
    pub outcome: Outcome,
    pub target_kind: Option<&'static str>,
    pub target_id: Option<String>,
    pub target_label: String,
    pub detail: serde_json::Value,
}

impl Event {
    pub fn new(action: AuditAction, outcome: Outcome) -> Event {
        Event {
            action,
            outcome,
            target_kind: None,
            target_id: None,
            target_label: String::new(),
            detail: serde_json::Value::Null,
        }
    }

    pub fn target(
        mut self,
        kind: &'static str,
        id: impl ToString,
        label: impl Into<String>,
    ) -> Event {
        self.target_kind = Some(kind);
        self.target_id = Some(id.to_string());
        self.target_label = label.into();
        self
    }

    pub fn detail(mut self, detail: serde_json::Value) -> Event {
        self.detail = detail;
        self
    }
}

/// Appends `event` to the chain of the transaction's county, inside that transaction.
pub async fn record(tx: &Tx, who: &Who, event: Event) -> Result<(), DbErr> {
    let conn = tx.conn();
    let backend = conn.get_database_backend();
    let chain = tx
        .county_id()
        .map_or_else(|| "platform".to_owned(), |c| c.to_string());
    let placeholders = |sql: &str| match backend {
        DatabaseBackend::Postgres => sql.to_owned(),
        _ => sql.replace("$1", "?").replace("$2", "?"),
    };
    // Creating the head if missing and bumping it come first: that takes the row (PostgreSQL)
    // or the database (SQLite) write lock, so appends to one chain are strictly ordered.
    conn.execute_raw(Statement::from_sql_and_values(
        backend,
        placeholders(
            "INSERT INTO audit_heads (county_id, chain, seq, hash) VALUES ($1, $2, 0, '') \
             ON CONFLICT (chain) DO NOTHING",
        ),
        [tx.county_id().into(), chain.clone().into()],
    ))
    .await?;
    let head = conn
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            placeholders(
                "UPDATE audit_heads SET seq = seq + 1 WHERE chain = $1 RETURNING seq, hash",
            ),
            [chain.clone().into()],
        ))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("audit head".into()))?;
    let seq: i64 = head.try_get("", "seq")?;
    let prev_hash: String = head.try_get("", "hash")?;

    // Microseconds: what PostgreSQL keeps, so the hash recomputes from the stored row.
    let now = OffsetDateTime::now_utc();
    let at = now
        .replace_nanosecond(now.nanosecond() / 1000 * 1000)
        .unwrap_or(now);
    let row = entity::Model {
        county_id: tx.county_id(),
        id: Uuid::now_v7(),
        seq,
        at,
        actor_id: who.id,
        actor_name: who.name.chars().take(64).collect(),
        actor_role: who.role.map(str::to_owned),
        action: event.action.code().to_owned(),
        target_kind: event.target_kind.map(str::to_owned),
        target_id: event.target_id,
        target_label: event.target_label.chars().take(128).collect(),
        outcome: event.outcome.code().to_owned(),
        ip: who.ip.chars().take(64).collect(),
        detail: if event.detail.is_null() {
            "{}".into()
        } else {
            event.detail.to_string()
        },
        prev_hash,
        hash: String::new(),
    };
    let hash = digest(&row);
    conn.execute_raw(Statement::from_sql_and_values(
        backend,
        placeholders("UPDATE audit_heads SET hash = $1 WHERE chain = $2"),
        [hash.clone().into(), chain.into()],
    ))
    .await?;
    let row = entity::Model { hash, ..row };
    entity::Entity::insert(entity::ActiveModel {
        county_id: Set(row.county_id),
        id: Set(row.id),
        seq: Set(row.seq),
        at: Set(row.at),
        actor_id: Set(row.actor_id),
        actor_name: Set(row.actor_name),
        actor_role: Set(row.actor_role),
        action: Set(row.action),
        target_kind: Set(row.target_kind),
        target_id: Set(row.target_id),
        target_label: Set(row.target_label),
        outcome: Set(row.outcome),
        ip: Set(row.ip),
        detail: Set(row.detail),
        prev_hash: Set(row.prev_hash),
        hash: Set(row.hash),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Records a permission denial in its own transaction (the refused work never commits) and
/// hands back the error to answer with.
pub async fn denied(db: &DatabaseConnection, actor: &Actor, error: AppError) -> AppError {
    let AppError::Denied { action, hidden } = &error else {
        return error;
    };
    let event = Event::new(AuditAction::PermissionDenied, Outcome::Denied)
        .detail(serde_json::json!({ "action": action.code(), "hidden": hidden }));
    let result = async {
        let tx = Tx::begin(db, actor, Mode::Write).await?;
        record(&tx, &Who::actor(actor, &actor.ip), event).await?;
        tx.commit().await
    }
    .await;
    if let Err(e) = result {
        tracing::error!(error = %e, "could not record a permission denial");
    }
    error
}

/// Runs `work` in a transaction in the caller's county and commits it. A denial rolls the
/// work back and is then audited in a transaction of its own; other errors just roll back.
pub async fn guarded<T>(
    db: &DatabaseConnection,
    actor: &Actor,
    mode: Mode,
    work: impl AsyncFnOnce(&Tx) -> Result<T, AppError>,
) -> Result<T, AppError> {
    let tx = Tx::begin(db, actor, mode).await?;
    match work(&tx).await {
        Ok(value) => {
            tx.commit().await?;
            Ok(value)
        }
        Err(e @ AppError::Denied { .. }) => {
            drop(tx);
            Err(denied(db, actor, e).await)
        }
        Err(e) => Err(e),
    }
}

/// The row's hash: SHA-256 over the previous hash and every field, length-prefixed so no two
/// different rows can serialise alike.
fn digest(row: &entity::Model) -> String {
    let mut h = Sha256::new();
    let at = row.at.unix_timestamp_nanos() / 1000;
    let fields: [&str; 14] = [
        &row.prev_hash,
        &row.seq.to_string(),
        &row.county_id.map(|c| c.to_string()).unwrap_or_default(),
        &at.to_string(),
        &row.actor_id.map(|c| c.to_string()).unwrap_or_default(),
        &row.actor_name,
        row.actor_role.as_deref().unwrap_or_default(),
        &row.action,
        row.target_kind.as_deref().unwrap_or_default(),
        row.target_id.as_deref().unwrap_or_default(),
        &row.target_label,
        &row.outcome,
        &row.ip,
        &row.detail,
    ];
    for field in fields {
        h.update((field.len() as u64).to_be_bytes());
        h.update(field.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Rows read per query while verifying: a chain is walked in pages so that checking a county
/// with millions of entries (a scheduled backup does, inside the serving process) holds one
/// page in memory, not the whole log.
const VERIFY_BATCH: u64 = 5_000;

/// Re-walks a chain. `Ok(n)` is the number of intact rows; `Err(seq)` the first broken one.
pub async fn verify(tx: &Tx) -> Result<Result<u64, i64>, DbErr> {
    verify_in_pages(tx, VERIFY_BATCH).await
}

/// `verify`, reading `page` rows per query (public so tests can make pages small).
pub async fn verify_in_pages(tx: &Tx, page: u64) -> Result<Result<u64, i64>, DbErr> {
    use sea_orm::{Condition, QuerySelect};
    let mut walk = Walk::default();
    let mut after: Option<(i64, Uuid)> = None;
    loop {
        let mut query = entity::Entity::find().filter(match tx.county_id() {
            Some(c) => entity::Column::CountyId.eq(c),
            None => entity::Column::CountyId.is_null(),
        });
        // Keyset on (seq, id), so a duplicated sequence number is seen even across pages.
        if let Some((seq, id)) = after {
            query = query.filter(
                Condition::any().add(entity::Column::Seq.gt(seq)).add(
                    Condition::all()
                        .add(entity::Column::Seq.eq(seq))
                        .add(entity::Column::Id.gt(id)),
                ),
            );
        }
        let rows = query
            .order_by_asc(entity::Column::Seq)
            .order_by_asc(entity::Column::Id)
            .limit(page.max(1))
            .all(tx.conn())
            .await?;
        if let Err(seq) = walk.extend(&rows) {
            return Ok(Err(seq));
        }
        match rows.last() {
            Some(last) if rows.len() as u64 == page.max(1) => after = Some((last.seq, last.id)),
            _ => return Ok(Ok(walk.count)),
        }
    }
}

/// The state of a walk along a chain: how many rows held, and the last one's hash.
#[derive(Default)]
struct Walk {
    count: u64,
    prev: String,
}

impl Walk {
    fn extend(&mut self, rows: &[entity::Model]) -> Result<(), i64> {
        for row in rows {
            let expected_seq = self.count as i64 + 1;
            if row.seq != expected_seq || row.prev_hash != self.prev || digest(row) != row.hash {
                return Err(expected_seq);
            }
            self.prev.clone_from(&row.hash);
            self.count += 1;
        }
        Ok(())
    }
}

#[cfg(test)]
fn check(rows: &[entity::Model]) -> Result<u64, i64> {
    let mut walk = Walk::default();
    walk.extend(rows)?;
    Ok(walk.count)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: usize) -> Vec<entity::Model> {
        let mut prev = String::new();
        (0..n)
            .map(|i| {
                let mut row = entity::Model {
                    county_id: Some(Uuid::from_u128(7)),
                    id: Uuid::from_u128(i as u128),
                    seq: i as i64 + 1,
                    at: OffsetDateTime::from_unix_timestamp(1_700_000_000 + i as i64).unwrap(),
                    actor_id: None,
                    actor_name: "admin".into(),
                    actor_role: Some("county_admin".into()),
                    action: "user_create".into(),
                    target_kind: Some("user".into()),
                    target_id: Some(i.to_string()),
                    target_label: format!("user {i}"),
                    outcome: "success".into(),
                    ip: "127.0.0.1".into(),
                    detail: "{}".into(),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                row.hash = digest(&row);
                prev.clone_from(&row.hash);
                row
            })
            .collect()
    }

    #[test]
    fn an_intact_chain_verifies() {
        assert_eq!(check(&chain(5)), Ok(5));
    }

    #[test]
    fn any_change_removal_or_reordering_is_found() {
        let mut edited = chain(5);
        edited[2].outcome = "failure".into();
        assert_eq!(check(&edited), Err(3));

        let mut removed = chain(5);
        removed.remove(1);
        assert_eq!(check(&removed), Err(2));

        let mut swapped = chain(5);
        swapped.swap(3, 4);
        assert_eq!(check(&swapped), Err(4));

        // Rewriting a row *and* its hash still breaks the next row's link.
        let mut forged = chain(5);
        forged[1].actor_name = "someone else".into();
        forged[1].hash = digest(&forged[1]);
        assert_eq!(check(&forged), Err(3));
    }

    #[test]
    fn a_walk_in_pages_finds_what_a_walk_in_one_piece_finds() {
        let rows = chain(7);
        let mut walk = Walk::default();
        for page in rows.chunks(3) {
            walk.extend(page).unwrap();
        }
        assert_eq!(walk.count, 7);
        let mut edited = chain(7);
        edited[4].ip = "10.0.0.1".into();
        let mut walk = Walk::default();
        let first_broken = edited.chunks(3).find_map(|page| walk.extend(page).err());
        assert_eq!(first_broken, Some(5));
    }
}
