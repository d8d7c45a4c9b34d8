//! What an org unit is. Roles are tied to these levels, so the kind lives with access; the
//! org tree (`crate::org`) uses it for its units.

crate::code_enum! {
    /// What an org unit is. Stored as its code.
    pub enum OrgKind {
        /// 县/区/县级市: the root of a tenant's tree.
        County = "county",
        /// 乡镇/街道
        Township = "township",
        /// 村/社区
        Village = "village",
        /// 县直部门, directly under the county.
        Department = "department",
    }
}

impl OrgKind {
    /// The kind's name as people say it.
    pub const fn label(self, t: crate::i18n::Texts) -> &'static str {
        match self {
            OrgKind::County => t.kind_county(),
            OrgKind::Township => t.kind_township(),
            OrgKind::Village => t.kind_village(),
            OrgKind::Department => t.kind_department(),
        }
    }
}
