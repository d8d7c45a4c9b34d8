//! The grievance tables. Tenant tables; every query filters by `county_id`.

pub mod settings {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "grievance_settings")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub county_id: Uuid,
        pub repeat_days: i32,
        pub soon_days: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod category {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "grievance_categories")]
    pub struct Model {
        pub county_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        /// `None` for a top category.
        pub parent_id: Option<Uuid>,
        pub code: String,
        pub name: String,
        pub accept_days: i32,
        pub handle_days: i32,
        pub active: bool,
        pub position: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod routing_rule {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "routing_rules")]
    pub struct Model {
        pub county_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub category_id: Uuid,
        /// The department that leads the category's cases.
        pub unit_id: Uuid,
        pub created_at: TimeDateTimeWithTimeZone,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod grievance {
    use crate::grievances::kinds::{Alert, Channel, Extension, Satisfaction, Status, Urgency};
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "grievances")]
    pub struct Model {
        pub county_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        /// The tracking code the resident quotes.
        pub code: String,
        pub channel: Channel,
        pub status: Status,
        pub urgency: Urgency,
        pub category_id: Uuid,
        /// The place, down to the village, and its path.
        pub place_id: Uuid,
        pub path: String,
        /// The place's township, else the county: who decides acceptance and assigns.
        pub dispatch_unit_id: Uuid,
        pub lead_unit_id: Option<Uuid>,
        pub reporter_name: String,
        pub reporter_phone: Option<String>,
        pub household_id: Option<Uuid>,
        pub person_id: Option<Uuid>,
        pub description: String,
        pub reply: Option<String>,
        pub satisfaction: Option<Satisfaction>,
        pub extension: Option<Extension>,
        pub extension_days: i32,
        pub redo_count: i32,
        pub repeat_of: Option<Uuid>,
        pub supervised: bool,
        pub leader_id: Option<Uuid>,
        pub alert: Alert,
        pub accept_due: TimeDateTimeWithTimeZone,
        pub handle_due: Option<TimeDateTimeWithTimeZone>,
        pub accepted_at: Option<TimeDateTimeWithTimeZone>,
        pub replied_at: Option<TimeDateTimeWithTimeZone>,
        pub closed_at: Option<TimeDateTimeWithTimeZone>,
        pub accepted_on_time: Option<bool>,
        pub closed_on_time: Option<bool>,
        pub received_on: TimeDate,
        /// The visit concern it was raised from.
        pub concern_id: Option<Uuid>,
        /// The account that registered it; `None` for a resident's own submission.
        pub created_by: Option<Uuid>,
        pub created_at: TimeDateTimeWithTimeZone,
        pub updated_at: TimeDateTimeWithTimeZone,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    impl Model {
        /// The state machine's view of a stored case.
        pub fn state(&self) -> crate::grievances::lifecycle::State {
            crate::grievances::lifecycle::State {
                status: self.status,
                lead: self.lead_unit_id,
                extension: self.extension,
                extension_days: self.extension_days,
                redo_count: self.redo_count,
                has_reply: self.reply.is_some(),
                satisfaction: self.satisfaction,
                supervised: self.supervised,
                leader: self.leader_id,
            }
        }
    }
}

pub mod handling_unit {
    use sea_orm::entity::prelude::*;

    /// A unit handling a case: its lead (主办) or a co-handler (协办).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "grievance_units")]
    pub struct Model {
        pub county_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub grievance_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub unit_id: Uuid,
        pub path: String,
        pub lead: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod reach {
    use sea_orm::entity::prelude::*;

    /// One org unit (by path) whose subtree holds the case's place or one of its handling
    /// units: the ledger of a township or department is one index range of these. Kept by
    /// `grievances::reach`.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "grievance_reach")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub county_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub path: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub grievance_id: Uuid,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "super::grievance::Entity",
            from = "Column::GrievanceId",
            to = "super::grievance::Column::Id"
        )]
        Grievance,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod event {
    use crate::grievances::kinds::{EventKind, Status};
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "grievance_events")]
    pub struct Model {
        pub county_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub grievance_id: Uuid,
        pub kind: EventKind,
        pub from_status: Option<Status>,
        pub to_status: Status,
        /// `None` for the resident and for the deadline job.
        pub actor_id: Option<Uuid>,
        pub actor_name: String,
        pub note: Option<String>,
        /// A short machine-readable detail (units assigned, days asked, the verdict).
        pub detail: Option<String>,
        pub created_at: TimeDateTimeWithTimeZone,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod attachment {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "grievance_attachments")]
    pub struct Model {
        pub county_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub grievance_id: Uuid,
        pub file_name: String,
        pub content_type: String,
        pub size: i32,
        pub bytes: Vec<u8>,
        pub created_at: TimeDateTimeWithTimeZone,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod inbox_item {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "inbox_items")]
    pub struct Model {
        pub county_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub unit_id: Uuid,
        pub grievance_id: Uuid,
        pub kind: crate::grievances::kinds::InboxKind,
        pub due_at: TimeDateTimeWithTimeZone,
        pub created_at: TimeDateTimeWithTimeZone,
        pub read_at: Option<TimeDateTimeWithTimeZone>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod yellow_card {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "yellow_cards")]
    pub struct Model {
        pub county_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub unit_id: Uuid,
        pub grievance_id: Option<Uuid>,
        pub reason: String,
        pub issued_by: Uuid,
        pub issued_on: TimeDate,
        pub created_at: TimeDateTimeWithTimeZone,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod unit_day {
    use sea_orm::entity::prelude::*;

    /// The statistics rollup: Σ of the contributions of the cases a unit is responsible for,
    /// by the day they were received.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "grievance_unit_days")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub county_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub unit_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub day: TimeDate,
        pub received: i32,
        pub accepted: i32,
        pub accepted_on_time: i32,
        pub closed: i32,
        pub closed_on_time: i32,
        pub followed_up: i32,
        pub satisfied: i32,
        pub redone: i32,
        pub repeats: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

// Tenant tables: queried through `Tx::select` and its kin (see `tenancy`).
crate::tenant!(settings);
crate::tenant!(category);
crate::tenant!(routing_rule);
crate::tenant!(grievance);
crate::tenant!(handling_unit);
crate::tenant!(reach);
crate::tenant!(event);
crate::tenant!(attachment);
crate::tenant!(inbox_item);
crate::tenant!(yellow_card);
crate::tenant!(unit_day);
