//! The registry's tables: `households`, `household_members`, `household_cadres`. Tenant
//! tables; every query filters by `county_id` and reaches rows through the household's `path`.

pub mod household {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "households")]
    pub struct Model {
        pub county_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        /// The village.
        pub org_unit_id: Uuid,
        /// The village's path.
        pub path: String,
        /// 组 (villager group).
        pub group_name: String,
        pub house_number: String,
        pub address: String,
        pub head_name: String,
        pub phone: Option<String>,
        /// `|tag|tag|` (see `visits::kinds::join_set`).
        pub tags: String,
        pub notes: String,
        pub members: i32,
        pub created_at: TimeDateTimeWithTimeZone,
        pub updated_at: TimeDateTimeWithTimeZone,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod member {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "household_members")]
    pub struct Model {
        pub county_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub household_id: Uuid,
        pub name: String,
        /// 户主, 配偶, 子女, …
        pub relation: String,
        pub gender: Option<String>,
        pub birth_date: Option<TimeDate>,
        /// Valid by GB 11643; unique within the county.
        pub id_number: Option<String>,
        pub phone: Option<String>,
        pub position: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod cadre {
    use sea_orm::entity::prelude::*;

    /// 结对: a cadre responsible for a household.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "household_cadres")]
    pub struct Model {
        pub county_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub household_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: Uuid,
        pub created_at: TimeDateTimeWithTimeZone,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

// Tenant tables: queried through `Tx::select` and its kin (see `tenancy`).
crate::tenant!(household, path);
crate::tenant!(member);
crate::tenant!(cadre);
