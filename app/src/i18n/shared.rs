//! The words every screen shares (the shell, the landing and sign-in pages, the workbench, my
//! account, roles, errors), zh-CN and English side by side. Each feature keeps its own words
//! in its `texts.rs` the same way (`crate::i18n::texts!`).

use super::{Locale, Texts};

crate::i18n::texts! {
    // The shell
    app_name: "民情" | "Minqing";
    app_tagline: "群众工作与满意度管理平台" | "Mass work and public satisfaction";
    filters_toggle: "筛选条件" | "Filters";
    skip_to_content: "跳到正文" | "Skip to content";
    nav_home: "首页" | "Home";
    nav_sign_in: "登录" | "Sign in";
    language: "语言" | "Language";
    footer_note: "民情 · 让事事有回音、件件有着落" | "Minqing · every matter gets an echo, every case a landing";

    // Landing page
    landing_title: "用心听民声，用情解民忧" | "Listen to residents, solve their problems";
    landing_lead: "走访入户、诉求闭环、群众评价，一个平台贯通县、乡、村三级。"
        | "Household visits, the grievance loop and residents' verdicts: one platform from county to village.";
    landing_feature_visits: "走访入户" | "Household visits";
    landing_feature_visits_text: "带着名单入户，全覆盖、不漏户。" | "Visit every household with the name list.";
    landing_feature_grievances: "诉求闭环" | "Grievance loop";
    landing_feature_grievances_text: "分类归口、限时办理、回访销号。" | "Routed, handled on time, followed up, closed.";
    landing_feature_report: "群众随手反映" | "Residents report";
    landing_feature_report_text: "不用注册，扫码反映问题，凭查询码看进度、评答复。" | "No account: report a problem, follow it by its code, rate the answer.";
    landing_feature_ledgers: "台账一键导出" | "Ledgers in a click";
    landing_feature_ledgers_text: "户籍、走访、诉求台账导入导出 Excel。" | "Households, visits and grievances in and out of Excel.";
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
    sign_in_error_throttled: "从此处登录失败次数过多，请稍后再试。" | "Too many failed attempts from here. Please try again later.";
    sign_in_error_second_factor_expired: "验证已超时，请重新输入密码登录。" | "That took too long. Sign in with your password again.";

    // Workbench (the signed-in home)
    nav_workbench: "工作台" | "Workbench";
    nav_account: "我的账号" | "My account";
    nav_sign_out: "退出" | "Sign out";
    workbench_title: "工作台" | "Workbench";
    workbench_hello: "您好，" | "Hello, ";
    workbench_tasks: "我的待办" | "My tasks";
    workbench_no_tasks: "暂无待办事项。诉求件下达后会显示在这里。" | "Nothing to do yet. Grievance cases will appear here.";
    workbench_visit_tasks: "今日到期、逾期的走访任务和补访都在走访页。" | "Visits due today, overdue ones and follow-ups are on the visits page.";
    workbench_open_visits: "打开今日走访" | "Open today's visits";
    workbench_tools: "常用功能" | "Tools";
    tile_counties: "区县管理" | "Counties";
    tile_counties_text: "开通、暂停区县" | "Set up and suspend counties";
    tile_org: "组织架构" | "Org tree";
    tile_org_text: "乡镇、村社区、县直部门" | "Townships, villages, departments";
    tile_users: "用户管理" | "Users";
    tile_users_text: "账号、角色、重置密码" | "Accounts, roles, passwords";
    tile_imports: "批量导入" | "Imports";
    tile_imports_text: "从表格导入区划、部门、用户、户籍" | "Org tree, departments, users, households from sheets";
    tile_audit: "审计日志" | "Audit log";
    tile_audit_text: "谁在何时做了什么" | "Who did what, when";

    // My account
    account_title: "我的账号" | "My account";
    account_must_change: "为了账号安全，请先修改初始密码，然后才能使用其他功能。" | "For your account's safety, change your initial password before anything else.";
    account_password: "修改密码" | "Change password";
    account_current_password: "当前密码" | "Current password";
    account_new_password: "新密码" | "New password";
    account_confirm_password: "再次输入新密码" | "New password again";
    account_password_hint: "8至64位，同时包含字母和数字。修改后，其他设备上的登录将退出。" | "8–64 characters with letters and digits. Your other sessions end when you change it.";
    account_password_submit: "修改密码" | "Change password";
    account_sessions: "登录设备" | "Signed-in devices";
    account_session_current: "本设备" | "This device";
    account_session_started: "登录于" | "Signed in";
    account_session_seen: "最近活动" | "Last active";
    account_sign_out_others: "退出其他所有设备" | "Sign out all other devices";

    // Answers of form posts
    notice_saved: "已保存。" | "Saved.";
    notice_created: "已创建。" | "Created.";
    notice_password_changed: "密码已修改，其他设备上的登录已退出。" | "Password changed; your other sessions were signed out.";
    notice_password_reset: "密码已重置，该用户下次登录时须修改密码。" | "Password reset; the user must change it at next sign-in.";
    notice_signed_out_others: "其他设备上的登录已全部退出。" | "All your other sessions were signed out.";
    notice_suspended: "该区县已暂停，其所有登录已结束。" | "County suspended; all its sessions ended.";
    notice_reactivated: "该区县已恢复使用。" | "County reactivated.";
    notice_follow_up_created: "已记录。未见到人，已生成补访任务，见下方待办。" | "Recorded. Nobody was met: a follow-up visit task is below.";
    notice_trigger_recorded: "已登记，并生成了必访任务。" | "Recorded; a must-visit task was created.";

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
    error_busy: "登录的人较多，系统繁忙，请几秒钟后重试。" | "Many people are signing in right now. Please try again in a few seconds.";
    reason_required: "此项必填。" | "This is required.";
    reason_too_long: "内容过长。" | "Too long.";
    reason_malformed_json: "请求内容不是有效的 JSON。" | "The request body is not valid JSON.";
    reason_not_json: "请求内容应为 JSON（Content-Type: application/json）。" | "The request body must be JSON (Content-Type: application/json).";
    reason_bad_type: "类型不对（例如应为数字、文字或是/否）。" | "Wrong type (for example a number, text or true/false was expected).";
    reason_unknown_value: "取值不在允许的范围内。" | "Not one of the allowed values.";
    reason_unknown_field: "不认识这个字段。" | "Unknown field.";
    reason_bad_value: "取值无效。" | "Invalid value.";
    reason_bad_id: "不是有效的编号。" | "Not a valid id.";
    reason_method_not_allowed: "该地址不支持这种请求方法。" | "This address does not take that method.";
    reason_body_too_large: "请求内容过大。" | "The request body is too large.";
    reason_timed_out: "请求处理超时，请稍后重试。" | "The request took too long. Please try again.";
    reason_wrong_second_factor: "验证码或恢复码不正确，或已使用过。" | "The code is wrong or has been used already.";
    reason_second_factor_enrolment_required: "此账号必须启用两步验证，宽限期已过。请在网页上登录，按提示绑定验证器后再使用。" | "This account must use two-step verification and its grace period is over. Sign in on the website and set up an authenticator app first.";
    reason_second_factor_enrolled: "两步验证已经启用。" | "Two-step verification is already on.";
    reason_second_factor_not_enrolled: "尚未启用两步验证。" | "Two-step verification is not on.";
    reason_second_factor_not_pending: "请先点击“开始设置”。" | "Choose “Set up” first.";
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
    reason_duplicate: "同样的记录刚刚已由另一次提交写入，请刷新后查看。" | "The same record was just written by another submission; reload to see it.";
    reason_role_not_grantable: "您不能授予该角色。" | "You may not grant this role.";
    reason_role_unit_mismatch: "角色与所属单位的层级不匹配。" | "The role does not fit the unit's level.";
    reason_unknown_role: "未知的角色。" | "Unknown role.";
    reason_unknown_unit: "所属单位不存在或不在您的管理范围内。" | "The unit does not exist or is outside your reach.";
    reason_county_suspended: "该区县已暂停使用，请联系平台运营方。" | "This county is suspended; contact the platform operator.";
    reason_must_change_password: "请先修改初始密码。" | "Please change your initial password first.";
    reason_file_missing: "请选择要导入的文件（xlsx 或 csv）。" | "Choose a file to import (xlsx or csv).";
    reason_file_too_large: "文件过大，请拆分后分批导入（户籍表每个文件不超过40 MB，其他不超过10 MB）。" | "The file is too large; split it (40 MB per household sheet, 10 MB per other sheet at most).";
    reason_import_not_ready: "这次导入不能应用：它仍在检查、有错误，或已经应用过。" | "This import cannot be applied: it is still being checked, has problems, or was applied already.";
}

impl Texts {
    /// A request's fault at one place: "字段 mode：…".
    pub fn error_in_field(self, field: &str, message: &str) -> String {
        match self.0 {
            Locale::ZhCn => format!("字段 {field}：{message}"),
            Locale::En => format!("Field {field}: {message}"),
        }
    }

    pub fn error_throttled(self, minutes: u64) -> String {
        match self.0 {
            Locale::ZhCn => format!("尝试次数过多，请 {minutes} 分钟后再试。"),
            Locale::En => format!("Too many attempts. Try again in {minutes} min."),
        }
    }
}
