//! The tables' side: an account's standing, its secret, spending a code once.

use super::codes;
use super::entity::{recovery_code, second_factor, settings};
use super::keys::Keys;
use super::policy::{Rule, Standing};
use crate::error::AppError;
use crate::tenancy::Tx;
use crate::users::entity as user;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter,
    sea_query::Expr,
};
use time::OffsetDateTime;
use uuid::Uuid;

/// The rule of the transaction's county (or the platform's).
pub async fn rule(tx: &Tx) -> Result<Rule, AppError> {
    let row = tx.select::<settings::Entity>()?.one(tx.conn()).await?;
    Ok(row.map_or_else(Rule::default, |s| Rule {
        extra_roles: Rule::parse_roles(&s.extra_roles),
        grace_days: u32::try_from(s.grace_days).unwrap_or(0),
        required_since: s.required_since,
        extra_since: s.extra_since,
    }))
}

pub async fn find(tx: &Tx, user_id: Uuid) -> Result<Option<second_factor::Model>, AppError> {
    Ok(tx
        .select_by_id::<second_factor::Entity>(user_id)?
        .one(tx.conn())
        .await?)
}

/// The account's confirmed enrolment, if any.
pub async fn confirmed(tx: &Tx, user_id: Uuid) -> Result<Option<second_factor::Model>, AppError> {
    Ok(find(tx, user_id)
        .await?
        .filter(|f| f.confirmed_at.is_some()))
}

/// Where `account` stands under its county's rule right now.
pub async fn standing(tx: &Tx, account: &user::Model) -> Result<Standing, AppError> {
    let enrolled = confirmed(tx, account.id).await?.is_some();
    let rule = rule(tx).await?;
    Ok(rule.standing(
        account.role,
        account.created_at.unix_timestamp(),
        enrolled,
        super::now_secs(),
    ))
}

/// A pending (unconfirmed) secret for the account: the one waiting already, or a new one.
pub async fn ensure_pending(tx: &Tx, keys: &Keys, user_id: Uuid) -> Result<(), AppError> {
    if find(tx, user_id).await?.is_some() {
        return Ok(());
    }
    let sealed = keys.seal(user_id, &codes::new_secret()?)?;
    second_factor::Entity::insert(second_factor::ActiveModel {
        county_id: Set(tx.county_id()),
        user_id: Set(user_id),
        secret: Set(sealed),
        created_at: Set(OffsetDateTime::now_utc()),
        confirmed_at: Set(None),
        last_step: Set(None),
    })
    .exec_without_returning(tx.conn())
    .await?;
    Ok(())
}

/// How a typed code fared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spent {
    Totp,
    /// A recovery code; this many are left unused.
    Recovery {
        left: u64,
    },
    Wrong,
    /// The right code, but its step was accepted before.
    Replayed,
}

impl Spent {
    pub fn ok(self) -> bool {
        matches!(self, Spent::Totp | Spent::Recovery { .. })
    }

    pub fn method(self) -> &'static str {
        match self {
            Spent::Recovery { .. } => "recovery_code",
            _ => "totp",
        }
    }

    pub fn reason(self) -> &'static str {
        match self {
            Spent::Replayed => "replayed",
            _ => "wrong_code",
        }
    }
}

/// Checks `code` against the account's secret `row` (TOTP) or its recovery codes, and spends
/// it: a TOTP step is accepted only if later than the last one accepted, a recovery code only
/// while unused. Both are conditional updates, so two requests racing with one code cannot
/// both win. `allow_recovery` is false where only the authenticator proves anything (enrolling).
pub async fn spend(
    tx: &Tx,
    keys: &Keys,
    row: &second_factor::Model,
    code: &str,
    allow_recovery: bool,
) -> Result<Spent, AppError> {
    if let Some(recovery) = codes::normalize_recovery(code).filter(|_| allow_recovery) {
        let hash = keys.recovery_hash(row.user_id, &recovery);
        let used = tx
            .update::<recovery_code::Entity>()?
            .col_expr(
                recovery_code::Column::UsedAt,
                Expr::value(OffsetDateTime::now_utc()),
            )
            .filter(recovery_code::Column::UserId.eq(row.user_id))
            .filter(recovery_code::Column::CodeHash.eq(hash))
            .filter(recovery_code::Column::UsedAt.is_null())
            .exec(tx.conn())
            .await?
            .rows_affected
            == 1;
        if !used {
            return Ok(Spent::Wrong);
        }
        let left = tx
            .select::<recovery_code::Entity>()?
            .filter(recovery_code::Column::UserId.eq(row.user_id))
            .filter(recovery_code::Column::UsedAt.is_null())
            .count(tx.conn())
            .await?;
        return Ok(Spent::Recovery { left });
    }
    let secret = keys.open(row.user_id, &row.secret)?;
    let now = u64::try_from(super::now_secs()).unwrap_or(0);
    let Some(step) = codes::matching_step(&secret, code, now) else {
        return Ok(Spent::Wrong);
    };
    let step = i64::try_from(step).unwrap_or(i64::MAX);
    let taken = tx
        .update::<second_factor::Entity>()?
        .col_expr(second_factor::Column::LastStep, Expr::value(step))
        .filter(second_factor::Column::UserId.eq(row.user_id))
        .filter(
            Condition::any()
                .add(second_factor::Column::LastStep.is_null())
                .add(second_factor::Column::LastStep.lt(step)),
        )
        .exec(tx.conn())
        .await?
        .rows_affected
        == 1;
    Ok(if taken { Spent::Totp } else { Spent::Replayed })
}

/// New recovery codes for the account (the old ones go); the codes as shown, once.
pub async fn replace_recovery_codes(
    tx: &Tx,
    keys: &Keys,
    user_id: Uuid,
) -> Result<Vec<String>, AppError> {
    tx.delete::<recovery_code::Entity>()?
        .filter(recovery_code::Column::UserId.eq(user_id))
        .exec(tx.conn())
        .await?;
    let shown = codes::new_recovery_codes()?;
    let now = OffsetDateTime::now_utc();
    let rows = shown.iter().map(|code| {
        let stored = codes::normalize_recovery(code).unwrap_or_default();
        recovery_code::ActiveModel {
            county_id: Set(tx.county_id()),
            id: Set(Uuid::now_v7()),
            user_id: Set(user_id),
            code_hash: Set(keys.recovery_hash(user_id, &stored)),
            created_at: Set(now),
            used_at: Set(None),
        }
    });
    recovery_code::Entity::insert_many(rows)
        .exec_without_returning(tx.conn())
        .await?;
    Ok(shown)
}

/// Marks the pending secret confirmed.
pub async fn confirm(tx: &Tx, user_id: Uuid) -> Result<(), AppError> {
    tx.update::<second_factor::Entity>()?
        .col_expr(
            second_factor::Column::ConfirmedAt,
            Expr::value(OffsetDateTime::now_utc()),
        )
        .filter(second_factor::Column::UserId.eq(user_id))
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// Forgets the account's secret and recovery codes (disable, or an admin's reset). Answers
/// whether there was anything to forget.
pub async fn remove(tx: &Tx, user_id: Uuid) -> Result<bool, AppError> {
    tx.delete::<recovery_code::Entity>()?
        .filter(recovery_code::Column::UserId.eq(user_id))
        .exec(tx.conn())
        .await?;
    Ok(tx
        .delete::<second_factor::Entity>()?
        .filter(second_factor::Column::UserId.eq(user_id))
        .exec(tx.conn())
        .await?
        .rows_affected
        > 0)
}

/// Unused recovery codes of the account.
pub async fn recovery_left(tx: &Tx, user_id: Uuid) -> Result<u64, AppError> {
    Ok(tx
        .select::<recovery_code::Entity>()?
        .filter(recovery_code::Column::UserId.eq(user_id))
        .filter(recovery_code::Column::UsedAt.is_null())
        .count(tx.conn())
        .await?)
}
