//! Every UI message, in zh-CN and English side by side. Add a line here, then call it as
//! `t.key()`; a message missing in either language does not compile.

use super::{Locale, Texts};

macro_rules! texts {
    ($($key:ident: $zh:literal | $en:literal;)*) => {
        impl Texts {
            $(
                pub const fn $key(self) -> &'static str {
                    match self.0 {
                        Locale::ZhCn => $zh,
                        Locale::En => $en,
                    }
                }
            )*
        }

        #[cfg(test)]
        pub(super) const ALL: &[(&str, &str, &str)] = &[$((stringify!($key), $zh, $en)),*];
    };
}

texts! {
    // The shell
    app_name: "民情" | "Minqing";
    app_tagline: "群众工作与满意度管理平台" | "Mass work and public satisfaction";
    skip_to_content: "跳到正文" | "Skip to content";
    nav_home: "首页" | "Home";
    nav_sign_in: "登录" | "Sign in";
    language: "语言" | "Language";
    footer_note: "民情 · 让事事有回音、件件有着落" | "Minqing · every matter gets an echo, every case a landing";

    // Landing page
    landing_title: "用心听民声，用情解民忧" | "Listen to residents, solve their problems";
    landing_lead: "走访入户、诉求闭环、政策宣传与满意度测评，一个平台贯通县、乡、村三级。"
        | "Household visits, the grievance loop, publicity and satisfaction surveys: one platform from county to village.";
    landing_feature_visits: "走访入户" | "Household visits";
    landing_feature_visits_text: "带着名单入户，全覆盖、不漏户。" | "Visit every household with the name list.";
    landing_feature_grievances: "诉求闭环" | "Grievance loop";
    landing_feature_grievances_text: "分类归口、限时办理、回访销号。" | "Routed, handled on time, followed up, closed.";
    landing_feature_publicity: "政策宣传" | "Publicity";
    landing_feature_publicity_text: "政策讲到家门口，成效晒在群众眼前。" | "Policy and results, in every resident's hands.";
    landing_feature_assessments: "满意度测评" | "Satisfaction surveys";
    landing_feature_assessments_text: "模拟测评、找准短板、持续提升。" | "Mock surveys that find weak spots early.";
    counties_heading: "已开通的区县" | "Counties on this platform";
    counties_search_label: "查找区县" | "Find a county";
    counties_search_placeholder: "输入名称或区划代码" | "Name or division code";
    counties_search_submit: "查找" | "Search";
    counties_none: "没有找到符合条件的区县。" | "No county matches.";
    counties_empty: "本平台尚未开通任何区县。" | "No county has been set up on this platform yet.";
    county_code: "区划代码" | "Division code";
    county_sign_in: "进入登录" | "Sign in here";

    // Sign-in page
    sign_in_title: "登录" | "Sign in";
    sign_in_lead: "请选择您所在的区县，并使用单位分配的账号登录。" | "Choose your county and sign in with the account your office gave you.";
    sign_in_county: "区县" | "County";
    sign_in_county_choose: "请选择区县" | "Choose a county";
    sign_in_username: "用户名" | "Username";
    sign_in_password: "密码" | "Password";
    sign_in_submit: "登录" | "Sign in";
    sign_in_platform_hint: "平台运维和省市用户无需选择区县。" | "Platform and province users leave the county empty.";
    sign_in_error_missing: "请填写用户名和密码。" | "Please enter your username and password.";
    sign_in_error_credentials: "用户名或密码错误。" | "Wrong username or password.";
    sign_in_error_throttled: "登录失败次数过多，请15分钟后再试。" | "Too many failed attempts. Try again in 15 minutes.";

    // Workbench (the signed-in home)

    // My account

    // Counties console (platform operator)

    // Org console

    // Users console

    // Imports

    // Audit log viewer

    // Answers of form posts
    notice_saved: "已保存。" | "Saved.";
    notice_created: "已创建。" | "Created.";
    notice_password_changed: "密码已修改，其他设备上的登录已退出。" | "Password changed; your other sessions were signed out.";
    notice_password_reset: "密码已重置，该用户下次登录时须修改密码。" | "Password reset; the user must change it at next sign-in.";
    notice_signed_out_others: "其他设备上的登录已全部退出。" | "All your other sessions were signed out.";
    notice_suspended: "该区县已暂停，其所有登录已结束。" | "County suspended; all its sessions ended.";
    notice_reactivated: "该区县已恢复使用。" | "County reactivated.";

    // Roles and unit kinds
    role_platform_admin: "平台管理员" | "Platform admin";
    role_province_viewer: "省级查看员" | "Province viewer";
    role_county_admin: "县级管理员" | "County admin";
    role_county_leader: "县领导" | "County leader";
    role_department_staff: "部门工作人员" | "Department staff";
    role_township_admin: "乡镇管理员" | "Township admin";
    role_township_staff: "乡镇工作人员" | "Township staff";
    role_village_cadre: "村干部" | "Village cadre";
    role_auditor: "审计员" | "Auditor";
    kind_county: "县（区）" | "County";
    kind_township: "乡镇/街道" | "Township / street";
    kind_village: "村/社区" | "Village / community";
    kind_department: "县直部门" | "Department";

    // Errors
    not_found_title: "页面不存在" | "Page not found";
    not_found_text: "您访问的页面不存在或已被移除。" | "The page you asked for does not exist or was removed.";
    back_home: "返回首页" | "Back to the home page";
    load_error: "数据加载失败，请稍后重试。" | "Could not load the data. Please try again later.";

    // Errors (AppError, Reason)
    error_unauthenticated: "请先登录，或登录已过期，请重新登录。" | "Please sign in; your session may have ended.";
    error_not_found: "没有找到该记录，或您无权查看。" | "Not found, or not yours to see.";
    error_forbidden: "您的角色无权执行此操作。" | "Your role may not do this.";
    error_cross_site: "请求来自其他网站，已拒绝。请在本站页面上操作。" | "Refused: the request came from another site. Please use this site's pages.";
    error_internal: "服务器出错，操作未完成，请稍后重试。" | "Server error: nothing was changed. Please try again later.";
    reason_required: "此项必填。" | "This is required.";
    reason_too_long: "内容过长。" | "Too long.";
    reason_control_characters: "含有不可见的控制字符。" | "Contains invisible control characters.";
    reason_bad_username: "用户名应为3至32位小写字母、数字或 . _ -。" | "Usernames are 3–32 lowercase letters, digits or . _ -.";
    reason_weak_password: "密码应为8至64位，且同时包含字母和数字。" | "Passwords are 8–64 characters with letters and digits.";
    reason_password_is_username: "密码不能与用户名相同。" | "The password may not equal the username.";
    reason_wrong_current_password: "当前密码不正确。" | "The current password is wrong.";
    reason_bad_county_code: "区县代码应为6位数字。" | "County codes are 6 digits.";
    reason_bad_division_code: "区划代码应为12位数字。" | "Division codes are 12 digits.";
    reason_bad_short_code: "部门代码应为2至16位字母、数字、- 或 _。" | "Department codes are 2–16 letters, digits, - or _.";
    reason_code_of_another_county: "该代码不属于本县。" | "This code belongs to another county.";
    reason_wrong_parent: "上级单位的层级不对。" | "The parent unit is at the wrong level.";
    reason_parent_missing: "上级单位不存在。" | "The parent unit does not exist.";
    reason_unit_inactive: "该单位已停用。" | "This unit is deactivated.";
    reason_move_into_own_subtree: "不能移动到自己的下级单位中。" | "A unit cannot move under itself.";
    reason_own_unit: "不能停用或移动自己所在的单位。" | "You cannot deactivate or move your own unit.";
    reason_own_account: "不能在这里修改自己的账号，请到“我的账号”。" | "Change your own account under “My account”.";
    reason_username_taken: "该用户名已被使用。" | "This username is taken.";
    reason_code_taken: "该代码已存在。" | "This code already exists.";
    reason_role_not_grantable: "您不能授予该角色。" | "You may not grant this role.";
    reason_role_unit_mismatch: "角色与所属单位的层级不匹配。" | "The role does not fit the unit's level.";
    reason_unknown_role: "未知的角色。" | "Unknown role.";
    reason_unknown_unit: "所属单位不存在或不在您的管理范围内。" | "The unit does not exist or is outside your reach.";
    reason_county_suspended: "该区县已暂停使用，请联系平台运营方。" | "This county is suspended; contact the platform operator.";
    reason_must_change_password: "请先修改初始密码。" | "Please change your initial password first.";
    reason_file_missing: "请选择要导入的文件（xlsx 或 csv）。" | "Choose a file to import (xlsx or csv).";
    reason_file_too_large: "文件过大，请拆分后分批导入（每个文件不超过10 MB）。" | "The file is too large; split it (10 MB per file at most).";
    reason_import_not_ready: "这次导入不能应用：它仍在检查、有错误，或已经应用过。" | "This import cannot be applied: it is still being checked, has problems, or was applied already.";
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

impl Texts {
    pub fn error_throttled(self, minutes: u64) -> String {
        match self.0 {
            Locale::ZhCn => format!("尝试次数过多，请 {minutes} 分钟后再试。"),
            Locale::En => format!("Too many attempts. Try again in {minutes} min."),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_message_is_written_in_both_languages() {
        for (key, zh, en) in super::ALL {
            assert!(!zh.trim().is_empty(), "{key} has no zh-CN text");
            assert!(!en.trim().is_empty(), "{key} has no English text");
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{key}: the zh-CN text has no Chinese in it"
            );
        }
    }
}
