//! The org console words, zh-CN and English side by side (the mechanism: `crate::i18n`).

crate::i18n::texts! {
    // Org console
    org_title: "组织架构" | "Org tree";
    org_search_label: "查找单位" | "Find a unit";
    org_search_placeholder: "单位名称或代码开头" | "Name, or the start of the code";
    org_search_submit: "查找" | "Search";
    org_search_clear: "显示全部" | "Show all";
    org_search_none: "没有找到符合条件的单位。" | "No unit matches.";
    org_empty: "您的范围内还没有单位。" | "No units within your reach yet.";
    org_children: "下级单位" | "Sub-units";
    org_users: "用户" | "Users";
    org_active: "使用中" | "Active";
    org_inactive: "已停用" | "Inactive";
    org_col_name: "名称" | "Name";
    org_col_code: "代码" | "Code";
    org_col_kind: "类型" | "Kind";
    org_col_parent: "上级单位" | "Parent unit";
    org_col_status: "状态" | "Status";
    org_new: "新建单位" | "New unit";
    org_new_parent: "上级单位" | "Parent unit";
    org_new_parent_hint: "乡镇/街道和县直部门建在县下，村/社区建在所属乡镇下。" | "Townships and departments go under the county; villages under their township.";
    org_new_code_hint: "乡镇、村填12位统计用区划代码；县直部门填2至16位字母代码，如 ZJJ。类型由代码决定。"
        | "Townships and villages: the 12-digit division code; departments: a 2–16 letter code such as ZJJ. The code decides the kind.";
    org_new_submit: "创建单位" | "Create unit";
    org_back: "返回组织架构" | "Back to the org tree";
    org_users_link: "查看本单位用户" | "See its users";
    org_edit: "修改单位" | "Edit unit";
    org_edit_deactivate: "停用此单位" | "Deactivate this unit";
    org_edit_deactivate_hint: "勾选即停用；取消勾选即恢复使用。" | "Tick to deactivate; untick to reactivate.";
    org_own_unit_hint: "这是您所在的单位（或其上级），只能改名，不能在此移动或停用。" | "This is your own unit (or one above it): you may rename it, not move or deactivate it.";
    org_edit_submit: "保存" | "Save";
}
