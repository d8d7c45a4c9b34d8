//! The tables of two-factor sign-in. Tenant tables (NULL county for platform accounts).

pub mod second_factor {
    use sea_orm::entity::prelude::*;

    /// An account's TOTP secret, sealed (`keys::Keys::seal`). `confirmed_at` is NULL while the
    /// owner has not yet proved the enrolment with a code; `last_step` is the latest step
    /// accepted, so a code works once.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "second_factors")]
    pub struct Model {
        pub county_id: Option<Uuid>,
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: Uuid,
        pub secret: String,
        pub created_at: TimeDateTimeWithTimeZone,
        pub confirmed_at: Option<TimeDateTimeWithTimeZone>,
        pub last_step: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod recovery_code {
    use sea_orm::entity::prelude::*;

    /// A one-time recovery code, as its keyed hash (`keys::Keys::recovery_hash`).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "recovery_codes")]
    pub struct Model {
        pub county_id: Option<Uuid>,
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub user_id: Uuid,
        pub code_hash: String,
        pub created_at: TimeDateTimeWithTimeZone,
        pub used_at: Option<TimeDateTimeWithTimeZone>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod settings {
    use sea_orm::entity::prelude::*;

    /// A county's (or, with a NULL county, the platform's) rule (`policy::Rule`).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "second_factor_settings")]
    pub struct Model {
        pub county_id: Option<Uuid>,
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub extra_roles: String,
        pub grace_days: i32,
        pub required_since: i64,
        pub extra_since: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

// Tenant tables that also hold platform accounts' rows (see `tenancy`).
crate::tenant!(second_factor, platform);
crate::tenant!(recovery_code, platform);
crate::tenant!(settings, platform);
