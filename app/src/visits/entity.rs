//! The visit tables: options, campaigns, tasks, visits, photos, concerns, must-visit events and
//! the campaign rollup. Tenant tables; every query filters by `county_id`.

pub mod option {
    use sea_orm::entity::prelude::*;

    /// One entry of a county's editable list (`options::OptionKind`).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "visit_options")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub county_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub kind: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub code: String,
        pub label: String,
        pub days: Option<i32>,
        pub active: bool,
        pub position: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod campaign {
    use crate::visits::kinds::CampaignStatus;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "campaigns")]
    pub struct Model {
        pub county_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub name: String,
        pub starts_on: TimeDate,
        pub ends_on: TimeDate,
        /// The scope: this unit's subtree.
        pub org_unit_id: Uuid,
        pub path: String,
        /// Target tags (`|a|b|`); empty targets every household in scope.
        pub tags: String,
        /// Allowed modes (`|in_person|phone|`).
        pub modes: String,
        pub target_percent: i32,
        pub status: CampaignStatus,
        /// Target households (kept current as households join).
        pub target: i32,
        pub created_by: Uuid,
        pub created_at: TimeDateTimeWithTimeZone,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod task {
    use crate::visits::kinds::{TaskKind, TaskStatus};
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "visit_tasks")]
    pub struct Model {
        pub county_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub household_id: Uuid,
        /// The household's village, and its path.
        pub org_unit_id: Uuid,
        pub path: String,
        pub kind: TaskKind,
        pub campaign_id: Option<Uuid>,
        pub trigger_id: Option<Uuid>,
        pub assignee_id: Option<Uuid>,
        pub due_on: TimeDate,
        pub status: TaskStatus,
        /// Campaign tasks: some visit was made / someone was met (coverage).
        pub visited: bool,
        pub met: bool,
        /// The visit that closed it.
        pub visit_id: Option<Uuid>,
        pub created_at: TimeDateTimeWithTimeZone,
        pub closed_at: Option<TimeDateTimeWithTimeZone>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod visit {
    use crate::visits::kinds::{Attitude, VisitMode};
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "visits")]
    pub struct Model {
        pub county_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub household_id: Uuid,
        pub org_unit_id: Uuid,
        pub path: String,
        pub task_id: Option<Uuid>,
        pub campaign_id: Option<Uuid>,
        pub visitor_id: Uuid,
        pub visited_at: TimeDateTimeWithTimeZone,
        pub mode: VisitMode,
        pub met: bool,
        pub met_whom: String,
        pub attitude: Option<Attitude>,
        pub notes: String,
        /// Policies delivered (`|code|code|`).
        pub policies: String,
        pub latitude: Option<f64>,
        pub longitude: Option<f64>,
        pub has_photo: bool,
        /// Chosen by the client once per form: a retry with the same key finds this visit.
        pub submission_key: Uuid,
        pub created_at: TimeDateTimeWithTimeZone,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod photo {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "visit_photos")]
    pub struct Model {
        pub county_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub visit_id: Uuid,
        pub content_type: String,
        pub bytes: Vec<u8>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod concern {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "visit_concerns")]
    pub struct Model {
        pub county_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub visit_id: Uuid,
        pub household_id: Uuid,
        pub path: String,
        pub position: i32,
        pub text: String,
        /// The grievance case opened from this concern, once there is one.
        pub grievance_id: Option<Uuid>,
        pub created_at: TimeDateTimeWithTimeZone,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod trigger {
    use sea_orm::entity::prelude::*;

    /// A 五必访 event recorded at a household.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "trigger_events")]
    pub struct Model {
        pub county_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub household_id: Uuid,
        pub path: String,
        /// The option's code, and its label when recorded.
        pub kind: String,
        pub label: String,
        pub occurred_on: TimeDate,
        pub note: String,
        pub recorded_by: Uuid,
        pub created_at: TimeDateTimeWithTimeZone,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod progress {
    use sea_orm::entity::prelude::*;

    /// Campaign × village × assignee counts (`coverage::bump` keeps them).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "campaign_progress")]
    pub struct Model {
        pub county_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub campaign_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub org_unit_id: Uuid,
        /// The assignee, or the nil uuid for unassigned tasks.
        #[sea_orm(primary_key, auto_increment = false)]
        pub assignee_key: Uuid,
        pub path: String,
        pub target: i32,
        pub visited: i32,
        pub met: i32,
        pub follow_ups: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

// Tenant tables: queried through `Tx::select` and its kin (see `tenancy`).
crate::tenant!(option);
crate::tenant!(campaign);
crate::tenant!(task, path);
crate::tenant!(visit, path);
crate::tenant!(photo);
crate::tenant!(concern, path);
crate::tenant!(trigger, path);
crate::tenant!(progress, path);
