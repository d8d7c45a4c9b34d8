//! The counties console words, zh-CN and English side by side (the mechanism: `crate::i18n`).

use crate::i18n::{Locale, Texts};

crate::i18n::texts! {
    // Counties console (platform operator)
    counties_title: "区县管理" | "Counties";
    counties_col_name: "名称" | "Name";
    counties_col_province: "省份" | "Province";
    counties_col_city: "地市" | "City";
    counties_col_status: "状态" | "Status";
    counties_col_created: "开通时间" | "Created";
    counties_col_actions: "操作" | "Actions";
    counties_status_active: "使用中" | "Active";
    counties_status_suspended: "已暂停" | "Suspended";
    counties_suspend: "暂停" | "Suspend";
    counties_reactivate: "恢复" | "Reactivate";
    counties_new: "新建区县" | "New county";
    counties_code_hint: "6位区县区划代码，如 130123。" | "The county's 6-digit division code, e.g. 130123.";
    counties_first_admin: "首个县级管理员" | "First county admin";
    counties_admin_username: "用户名" | "Username";
    counties_admin_display_name: "姓名" | "Name";
    counties_admin_password: "初始密码" | "Initial password";
    counties_admin_password_hint: "8至64位，同时包含字母和数字。管理员首次登录时须修改。" | "8–64 characters with letters and digits. The admin must change it at first sign-in.";
    counties_create_submit: "创建区县" | "Create county";
}

impl Texts {
    pub fn counties_found(self, n: usize) -> String {
        match self.0 {
            Locale::ZhCn => format!("共 {n} 个区县"),
            Locale::En if n == 1 => "1 county".to_owned(),
            Locale::En => format!("{n} counties"),
        }
    }
}
