//! The tables behind sign-in: `sessions`, `refresh_tokens`, `sign_in_failures`.

pub mod session {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sessions")]
    pub struct Model {
        pub county_id: Option<Uuid>,
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub user_id: Uuid,
        pub created_at: TimeDateTimeWithTimeZone,
        pub last_seen_at: TimeDateTimeWithTimeZone,
        /// Absolute end, however active the session is.
        pub expires_at: TimeDateTimeWithTimeZone,
        pub revoked_at: Option<TimeDateTimeWithTimeZone>,
        pub revoked_reason: Option<String>,
        pub ip: String,
        pub user_agent: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod refresh_token {
    use sea_orm::entity::prelude::*;

    /// Only the SHA-256 of a refresh token is stored. A token is used once; presenting a used
    /// one means it was copied, and the whole session (its family) ends.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "refresh_tokens")]
    pub struct Model {
        pub county_id: Option<Uuid>,
        #[sea_orm(primary_key, auto_increment = false)]
        pub token_hash: String,
        pub session_id: Uuid,
        pub issued_at: TimeDateTimeWithTimeZone,
        pub used_at: Option<TimeDateTimeWithTimeZone>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod sign_in_failure {
    use sea_orm::entity::prelude::*;

    /// A refused sign-in, keyed by the username as typed (lowercased), so unknown names are
    /// throttled exactly like real ones.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sign_in_failures")]
    pub struct Model {
        pub county_id: Option<Uuid>,
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub username: String,
        pub ip: String,
        pub at: TimeDateTimeWithTimeZone,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

// Tenant tables: queried through `Tx::select` and its kin (see `tenancy`).
crate::tenant!(session, platform);
crate::tenant!(refresh_token, platform);
crate::tenant!(sign_in_failure, platform);
