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

    // Two-step verification (TOTP), on "My account", at sign-in and in the county's settings
    tf_title: "两步验证" | "Two-step verification";
    tf_lead: "登录时除密码外，还需输入手机验证器（如微信小程序“腾讯身份验证器”、Google Authenticator、Microsoft Authenticator）上的6位动态码。" | "Besides your password, sign-in asks for the 6-digit code your authenticator app (Google Authenticator, Microsoft Authenticator and the like) shows.";
    tf_on: "已启用" | "On";
    tf_off: "未启用" | "Off";
    tf_required: "您的角色必须启用两步验证。" | "Your role must use two-step verification.";
    tf_deadline: "请在此时间前启用两步验证，否则将无法仅凭密码登录：" | "Set up two-step verification before this time, or signing in with the password alone will stop working: ";
    tf_banner_link: "现在设置" | "Set it up now";
    tf_start: "开始设置" | "Set up";
    tf_scan: "1. 用验证器扫描二维码：" | "1. Scan the QR code with your authenticator app:";
    tf_qr_alt: "两步验证二维码" | "Two-step verification QR code";
    tf_manual: "无法扫码时，在验证器中手动输入此密钥：" | "If you cannot scan, type this key into the app:";
    tf_confirm_lead: "2. 输入验证器上显示的6位动态码：" | "2. Enter the 6-digit code the app shows:";
    tf_code: "动态码" | "Code";
    tf_code_or_recovery: "动态码或恢复码" | "Code or recovery code";
    tf_confirm: "确认启用" | "Turn on";
    tf_disable: "关闭两步验证" | "Turn off";
    tf_disable_lead: "关闭或更换手机前，输入一个当前动态码（或恢复码）。关闭后可重新设置。" | "To turn it off or move to a new phone, enter a current code (or a recovery code). You can set it up again afterwards.";
    tf_cancel: "放弃设置" | "Cancel set-up";
    tf_recovery_left: "剩余恢复码：" | "Recovery codes left: ";
    tf_codes_title: "请保存恢复码" | "Save your recovery codes";
    tf_codes_lead: "手机丢失时，可用下面任一恢复码代替动态码登录，每个只能用一次。它们只显示这一次：请抄写或打印后妥善保管。" | "If you lose your phone, sign in with one of these codes instead of the app's code; each works once. They are shown only now: write them down or print them and keep them safe.";
    tf_codes_gone: "恢复码只在启用时显示一次。" | "Recovery codes are shown once, when set up.";
    tf_continue: "继续" | "Continue";
    tf_step_title: "两步验证" | "Two-step verification";
    tf_step_lead: "请打开手机上的验证器，输入“民情”的6位动态码。手机不在身边时，可输入一个恢复码。" | "Open your authenticator app and enter the 6-digit code for 民情. Without your phone, enter a recovery code.";
    tf_step_submit: "验证并登录" | "Verify and sign in";
    tf_enrol_title: "请先启用两步验证" | "Set up two-step verification first";
    tf_enrol_lead: "您的账号必须启用两步验证，宽限期已过。密码正确，请按下面步骤绑定验证器，完成后即可登录。" | "Your account must use two-step verification and its grace period is over. Your password was right: set up your authenticator app below, then you are signed in.";
    tf_enrol_submit: "启用并登录" | "Turn on and sign in";
    tf_settings_title: "安全设置" | "Security settings";
    tf_settings_lead: "平台运维、县管理员和审计员始终必须启用两步验证。可为本县其他角色也作此要求。" | "The platform operator, county admins and auditors must always use two-step verification. You can require it for other roles of this county too.";
    tf_settings_roles: "还要求以下角色启用：" | "Also require it for:";
    tf_settings_grace: "宽限期（天，0表示不设宽限期）" | "Grace period (days, 0 for none)";
    tf_settings_grace_hint: "自账号创建或开始要求之日起计算。宽限期内仅凭密码仍可登录，并会看到提醒；之后必须先启用。" | "Counted from the account's creation or from when the requirement began. During it the password alone still works, with a reminder; after it, set-up comes first.";
    tf_reset: "重置两步验证" | "Reset two-step verification";
    tf_reset_hint: "对方丢失手机且没有恢复码时使用。对方下次登录时需重新设置。" | "When the person lost their phone and their recovery codes. They set it up again at their next sign-in.";
    reason_passwords_differ: "两次输入的新密码不一致。" | "The two new passwords differ.";
    reason_bad_days: "天数应为 1 到 90 之间的整数。" | "Days must be a whole number from 1 to 90.";
    reason_label_taken: "已有同名的选项。" | "An entry with this name already exists.";
    reason_bad_id_number: "身份证号不正确（应为 18 位，校验位须正确）。" | "The ID-card number is not valid (18 characters with a correct check digit).";
    reason_bad_phone: "电话号码不正确（手机 11 位，座机需带区号）。" | "The phone number is not valid (11-digit mobile, or a landline with its area code).";
    reason_person_exists: "该身份证号已登记在本县另一户中。" | "This ID-card number is already registered in another household of the county.";
    reason_duplicate_person: "同一身份证号重复出现。" | "The same ID-card number appears more than once.";
    reason_bad_date: "日期不正确（格式：2026-11-22）。" | "The date is not valid (format: 2026-11-22).";
    reason_bad_date_range: "结束日期不能早于开始日期。" | "The end date cannot be before the start date.";
    reason_not_a_village: "请选择村（社区）。" | "Choose a village or community.";
    reason_unknown_tag: "标签不在本县的标签列表中。" | "The tag is not in the county's list.";
    reason_unknown_option: "所选项目不在本县的列表中。" | "The chosen entry is not in the county's list.";
    reason_mode_not_allowed: "本次活动不允许这种走访方式。" | "This campaign does not allow this kind of visit.";
    reason_attitude_required: "见到人时请选择群众态度。" | "When someone was met, choose the family's attitude.";
    reason_bad_percent: "目标应为 1 到 100 之间的整数。" | "The target must be a whole number from 1 to 100.";
    reason_campaign_closed: "该走访活动已结束。" | "The campaign has ended.";
    reason_not_a_cadre: "只能选择本村或所属乡镇的在岗干部。" | "Choose an active cadre of this village or its township.";
    reason_bad_photo: "照片无法读取（支持 JPEG、PNG，最大 10 MB）。" | "The photo cannot be read (JPEG or PNG, at most 10 MB).";
    reason_bad_location: "位置坐标不正确。" | "The location is not valid.";
    reason_submission_reused: "这份表单已被另一条记录使用，请重新打开走访表单。" | "This form was already used for another record; open the visit form again.";
    reason_bad_gender: "性别应为“男”或“女”。" | "Gender must be 男 or 女.";
    reason_too_many: "条目太多。" | "Too many entries.";
    reason_not_now: "这一步现在不能做：案件的状态已经不同。" | "That step is not possible in the case's current state.";
    reason_extension_used: "延期只能申请一次。" | "An extension can be asked for only once.";
    reason_lead_also_co: "主办单位不能同时是协办单位。" | "The lead unit cannot also be a co-handling unit.";
    reason_unknown_category: "请选择有效的问题类别。" | "Choose a valid category.";
    reason_not_a_department: "主办、协办单位须是部门或乡镇。" | "Handling units must be departments or townships.";
    reason_bad_challenge: "验证题答案不对，请重新计算。" | "The check answer is wrong; please work it out again.";
    reason_bad_file_type: "只能上传照片（JPEG、PNG）或 PDF 文件。" | "Only photos (JPEG, PNG) or PDF files can be attached.";
    reason_stale_case: "案件刚被别人更新过，请刷新后再操作。" | "Someone just updated this case; reload and try again.";
    reason_not_a_leader: "包案领导须是本县的县领导账号。" | "The responsible leader must be a county leader account of this county.";
    reason_too_fast: "提交得太快了，请核对内容后再提交。" | "That was too quick; check what you wrote and send it again.";
    reason_challenge_expired: "表单打开太久已失效，请重新回答验证题后提交。" | "The form was open too long; answer the new check question and send it again.";

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

    // Users console
    users_title: "用户管理" | "Users";
    users_lead: "本单位及下级单位的账号。" | "Accounts of your unit and the units below it.";
    users_new: "新建用户" | "New user";
    users_filter_unit: "所属单位" | "Unit";
    users_all_units: "全部单位" | "All units";
    users_filter_role: "角色" | "Role";
    users_all_roles: "全部角色" | "All roles";
    users_filter_status: "状态" | "Status";
    users_status_all: "全部" | "All";
    users_status_active: "启用" | "Active";
    users_status_inactive: "停用" | "Disabled";
    users_filter_q: "用户名或姓名" | "Username or name";
    users_filter_submit: "筛选" | "Filter";
    users_col_username: "用户名" | "Username";
    users_col_name: "姓名" | "Name";
    users_col_role: "角色" | "Role";
    users_col_unit: "所属单位" | "Unit";
    users_col_status: "状态" | "Status";
    users_must_change: "须改密" | "Must change password";
    users_none: "没有符合条件的用户。" | "No account matches.";
    users_next_page: "下一页" | "Next page";
    users_back: "返回用户列表" | "Back to users";
    users_choose: "请选择" | "Choose";
    users_field_username: "用户名" | "Username";
    users_field_username_hint: "3至32位小写字母、数字或 . _ -，用于登录，创建后不能修改。" | "3–32 lowercase letters, digits or . _ -; used to sign in and cannot be changed later.";
    users_field_display_name: "姓名" | "Name";
    users_field_role: "角色" | "Role";
    users_field_unit: "所属单位" | "Unit";
    users_field_unit_hint: "单位须与角色相符：县级角色选本县，乡镇角色选乡镇（街道），村干部选村（社区），部门工作人员选县直部门。" | "The unit must fit the role: county roles at the county, township roles at a township, village cadres at a village, department staff at a department.";
    users_field_password: "初始密码" | "Initial password";
    users_field_password_hint: "8至64位，同时包含字母和数字。请当面或电话告知本人，首次登录时须修改。" | "8–64 characters with letters and digits. Tell the person directly; they must change it at first sign-in.";
    users_create_submit: "创建用户" | "Create user";
    users_edit_heading: "修改账号" | "Edit account";
    users_field_active: "启用该账号（停用后该用户立即退出登录、不能再登录）" | "Account enabled (disabling signs the user out and blocks sign-in)";
    users_save: "保存修改" | "Save changes";
    users_reset_heading: "重置密码" | "Reset password";
    users_reset_hint: "设置新的初始密码：该用户的所有登录将立即结束，下次登录时须修改密码。" | "Set a new initial password: all the user's sessions end now, and they must change it at next sign-in.";
    users_reset_password: "新的初始密码" | "New initial password";
    users_reset_submit: "重置密码" | "Reset password";
    users_not_manageable: "您可以查看此账号，但无权修改。" | "You may see this account but not change it.";

    // Imports
    imports_title: "批量导入" | "Imports";
    imports_lead: "先下载模板填写，上传后系统逐行检查并给出预览，确认无误再导入。有任何错误时不会写入任何数据；重复导入同一表格不会产生重复。" | "Fill in a template and upload it: every row is checked and previewed before anything is written. A sheet with any problem writes nothing; importing the same sheet again changes nothing.";
    imports_kind: "导入内容" | "What to import";
    imports_kind_org: "乡镇（街道）和村（社区）" | "Townships and villages";
    imports_kind_departments: "县直部门" | "Departments";
    imports_kind_users: "用户账号" | "User accounts";
    imports_file: "表格文件（xlsx 或 csv；户籍表不超过40 MB，其他不超过10 MB）" | "Sheet (xlsx or csv; at most 40 MB for households, 10 MB otherwise)";
    imports_password: "初始密码（用户导入时，表格未填写密码的账号使用此密码）" | "Initial password (users: for rows without their own)";
    imports_password_hint: "导入的账号首次登录时都必须修改密码。" | "Every imported account must change its password at first sign-in.";
    imports_upload: "上传并检查" | "Upload and check";
    imports_templates: "下载模板" | "Templates";
    imports_recent: "最近的导入" | "Recent imports";
    imports_none: "还没有导入记录。" | "No imports yet.";
    imports_file_name: "文件" | "File";
    imports_rows: "行数" | "Rows";
    imports_status: "状态" | "Status";
    imports_uploaded: "上传时间" | "Uploaded";
    imports_status_checking: "正在检查" | "Checking";
    imports_status_invalid: "有错误" | "Has problems";
    imports_status_ready: "待确认导入" | "Ready to apply";
    imports_status_applying: "正在导入" | "Applying";
    imports_status_applied: "已导入" | "Applied";
    imports_status_failed: "未完成" | "Did not finish";
    imports_checking_text: "正在逐行检查，请稍候，本页会自动刷新。" | "Checking every row; this page refreshes by itself.";
    imports_applying_text: "正在写入，请稍候，本页会自动刷新。全部成功才会生效。" | "Writing; this page refreshes by itself. It takes effect only if all of it succeeds.";
    imports_col_kind: "类型" | "Type";
    imports_col_parent: "上级单位" | "Parent";
    imports_templates_hint: "先下载模板，按模板填好后再上传。" | "Download a template first, fill it in, then upload it.";
    imports_problems: "发现以下问题，未写入任何数据。请修改表格后重新上传。" | "These problems were found; nothing was written. Fix the sheet and upload it again.";
    imports_row: "行" | "Row";
    imports_column: "列" | "Column";
    imports_problem: "问题" | "Problem";
    imports_preview: "检查通过。确认后将一次性导入：" | "All rows passed. Applying will write, all at once:";
    imports_applied: "导入完成：" | "Import finished:";
    imports_change_add: "新增" | "Add";
    imports_change_change: "修改" | "Change";
    imports_before: "原为" | "Was";
    imports_col_change: "变更" | "Change";
    imports_col_key: "代码或用户名" | "Code or username";
    imports_col_name: "名称或姓名" | "Name";
    imports_apply: "确认导入" | "Apply";
    imports_again: "再导入一个表格" | "Import another sheet";
    imports_failed_text: "导入因服务器出错或重启而中断，没有写入任何数据。请重新上传。" | "The import was cut off by a server error or restart; nothing was written. Please upload it again.";
    imports_passwords_ignored: "以下行是已有账号，表格中的密码已忽略（不会修改已有账号的密码）：" | "These rows are existing accounts; their password cells were ignored (imports never change passwords):";

    // Audit log viewer
    audit_title: "审计日志" | "Audit log";
    audit_lead: "本县全部操作记录，按时间倒序。记录逐条加密串联，不能修改或删除。" | "Everything done in this county, newest first. Entries are hash-chained and cannot be changed or removed.";
    audit_filter_from: "起始日期" | "From";
    audit_filter_until: "截止日期" | "Until";
    audit_filter_dates_hint: "日期按北京时间计算，包含起止两天。" | "Dates are China time (UTC+8), both days included.";
    audit_filter_actor: "操作人用户名" | "Username";
    audit_filter_action: "操作" | "Action";
    audit_all_actions: "全部操作" | "All actions";
    audit_filter_outcome: "结果" | "Outcome";
    audit_all_outcomes: "全部结果" | "All outcomes";
    audit_filter_submit: "筛选" | "Filter";
    audit_export: "导出 Excel" | "Export to Excel";
    audit_col_seq: "序号" | "No.";
    audit_col_time: "时间" | "Time";
    audit_col_actor: "操作人" | "Who";
    audit_col_role: "角色" | "Role";
    audit_col_action: "操作" | "Action";
    audit_col_target_kind: "对象类型" | "Target type";
    audit_col_target: "对象" | "Target";
    audit_col_outcome: "结果" | "Outcome";
    audit_col_ip: "IP 地址" | "IP address";
    audit_col_detail: "详情" | "Detail";
    audit_col_hash: "校验值" | "Hash";
    audit_none: "没有符合条件的记录。" | "No entry matches.";
    audit_older: "更早" | "Older";
    audit_sheet: "审计日志" | "Audit log";
    audit_outcome_success: "成功" | "Success";
    audit_outcome_failure: "失败" | "Failure";
    audit_outcome_denied: "拒绝" | "Denied";
    audit_action_sign_in: "登录" | "Sign-in";
    audit_action_sign_out: "退出登录" | "Sign-out";
    audit_action_token_refresh_reuse: "令牌被重复使用（疑似被盗用）" | "Refresh token reused (possible theft)";
    audit_action_permission_denied: "越权被拒" | "Permission denied";
    audit_action_password_change: "修改密码" | "Password changed";
    audit_action_sessions_revoke: "退出其他登录" | "Other sessions ended";
    audit_action_county_create: "开通区县" | "County created";
    audit_action_county_suspend: "暂停区县" | "County suspended";
    audit_action_county_reactivate: "恢复区县" | "County reactivated";
    audit_action_org_unit_create: "新建单位" | "Org unit created";
    audit_action_org_unit_update: "修改单位" | "Org unit changed";
    audit_action_org_import: "导入组织机构" | "Org import";
    audit_action_user_create: "新建用户" | "User created";
    audit_action_user_update: "修改用户" | "User changed";
    audit_action_user_password_reset: "重置用户密码" | "User password reset";
    audit_action_user_import: "导入用户" | "User import";
    audit_action_audit_export: "导出审计日志" | "Audit log exported";
    audit_action_household_create: "新建户" | "Household created";
    audit_action_household_update: "修改户信息" | "Household changed";
    audit_action_household_import: "导入户籍台账" | "Household import";
    audit_action_household_export: "导出户籍台账" | "Household registry exported";
    audit_action_personal_reveal: "查看完整个人信息" | "Personal data revealed";
    audit_action_cadre_pairing: "调整结对干部" | "Cadre pairing changed";
    audit_action_campaign_create: "新建走访活动" | "Visit campaign created";
    audit_action_campaign_update: "调整走访活动" | "Visit campaign changed";
    audit_action_visit_settings_update: "修改走访设置" | "Visit settings changed";
    audit_action_ledger_export: "导出台账" | "Ledger exported";
    audit_action_grievance_settings_update: "修改诉求设置" | "Grievance settings changed";
    audit_action_yellow_card: "发出黄牌警告" | "Yellow card issued";
    audit_action_grievance_register: "登记诉求" | "Grievance registered";
    audit_action_grievance_step: "诉求办理环节" | "Grievance step";
    audit_action_visit_record: "记录走访" | "Visit recorded";
    audit_action_trigger_record: "登记五必访事件" | "Must-visit event recorded";
    audit_action_second_factor_enrol: "启用两步验证" | "Two-step verification set up";
    audit_action_second_factor_verify: "两步验证" | "Two-step verification";
    audit_action_recovery_code_use: "使用恢复码" | "Recovery code used";
    audit_action_second_factor_disable: "关闭两步验证" | "Two-step verification turned off";
    audit_action_second_factor_reset: "重置他人两步验证" | "Two-step verification reset";
    audit_action_security_settings_update: "修改安全设置" | "Security settings changed";

    // Households and visits: the closed sets
    visit_mode_in_person: "入户走访" | "At the door";
    visit_mode_phone: "电话走访" | "By phone";
    visit_mode_meeting: "院坝会" | "Courtyard meeting";
    attitude_satisfied: "满意" | "Satisfied";
    attitude_fair: "基本满意" | "Fairly satisfied";
    attitude_dissatisfied: "不满意" | "Dissatisfied";
    attitude_unaware: "不了解" | "Doesn't know";
    task_kind_campaign: "走访" | "Visit";
    task_kind_follow_up: "补访" | "Follow-up visit";
    task_kind_trigger: "必访" | "Must visit";
    task_status_open: "待办" | "Open";
    task_status_done: "已完成" | "Done";
    task_status_cancelled: "已取消" | "Cancelled";
    campaign_status_open: "进行中" | "Open";
    campaign_status_closed: "已结束" | "Closed";

    // Registry and campaign screens
    tile_households: "户籍台账" | "Household registry";
    tile_households_text: "户、成员、结对干部" | "Households, members, paired cadres";
    tile_campaigns: "走访活动" | "Visit campaigns";
    tile_campaigns_text: "走访进度、覆盖率、督促" | "Progress, coverage, follow-through";
    tile_visit_settings: "走访设置" | "Visit settings";
    tile_visit_settings_text: "标签、必访事项、政策、补访时限" | "Tags, must-visit events, policies, follow-up days";
    notice_member_removed: "已移除该成员。" | "The member was removed.";
    notice_tasks_assigned: "未分配的任务已交给所选干部。" | "The unassigned tasks went to the chosen cadre.";
    notice_campaign_closed: "走访活动已结束，未完成的任务已取消。" | "The campaign is closed; its open tasks were cancelled.";
    households_title: "户籍台账" | "Household registry";
    households_title_suffix: "户" | "'s household";
    households_new: "新增户" | "Add household";
    households_export: "导出 Excel" | "Export to Excel";
    households_back: "返回户籍台账" | "Back to the registry";
    households_filter_unit: "所属单位" | "Unit";
    households_all_units: "全部" | "All";
    households_filter_tag: "标签" | "Tag";
    households_all_tags: "全部标签" | "All tags";
    households_filter_q: "姓名、地址或门牌号" | "Name, address or house number";
    households_filter_mine: "我结对的户" | "My paired households";
    households_filter_submit: "查询" | "Search";
    households_none: "没有符合条件的户。" | "No household matches.";
    households_col_village: "村（社区）" | "Village";
    households_col_place: "组·门牌" | "Group · No.";
    households_col_head: "户主" | "Head";
    households_col_phone: "电话" | "Phone";
    households_col_tags: "标签" | "Tags";
    households_col_members: "人数" | "People";
    households_field_village: "所在村（社区）" | "Village or community";
    households_field_group: "组" | "Group";
    households_field_house_number: "门牌号" | "House number";
    households_field_address: "地址" | "Address";
    households_field_head_name: "户主姓名" | "Head of household";
    households_field_phone: "联系电话" | "Phone";
    households_field_phone_keep_hint: "留空则保留原号码。" | "Leave empty to keep the current number.";
    households_field_clear_phone: "删除联系电话" | "Remove the phone number";
    households_field_head_id: "户主身份证号（可选）" | "Head's ID-card number (optional)";
    households_field_head_id_hint: "可从身份证号得出户主的性别和出生日期。" | "The head's gender and birth date come from the number.";
    households_field_tags: "标签" | "Tags";
    households_field_notes: "备注" | "Notes";
    households_form_kept_hint: "若提交未成功，电话、身份证号和备注需重新填写。" | "If the form comes back with an error, re-enter the phone, ID number and notes.";
    households_create_submit: "保存新户" | "Save household";
    households_reveal: "查看" | "Show";
    households_revealed_hint: "本次查看已记入审计日志。刷新页面会再次查看并记录。" | "This view is in the audit log. Reloading the page views (and logs) it again.";
    households_cadres: "结对干部" | "Paired cadres";
    households_no_cadres: "尚未结对" | "Not paired yet";
    households_import: "批量导入户籍" | "Import households";
    households_record_visit: "记录走访" | "Record a visit";
    households_record_event: "登记必访事项" | "Record a must-visit event";
    households_members: "家庭成员" | "Members";
    households_no_members: "尚未登记成员。" | "No members registered.";
    households_member_name: "姓名" | "Name";
    households_member_relation: "与户主关系" | "Relation to head";
    households_member_gender: "性别" | "Gender";
    households_member_birth_date: "出生日期" | "Date of birth";
    households_member_id_number: "身份证号" | "ID-card number";
    households_member_id_hint: "18位，最后一位可为X。" | "18 characters; the last may be X.";
    households_remove_member: "移除" | "Remove";
    households_open_tasks: "待办走访任务" | "Open visit tasks";
    households_no_tasks: "没有待办任务。" | "No open tasks.";
    households_task_kind: "类型" | "Kind";
    households_task_why: "事由" | "Why";
    households_task_assignee: "负责人" | "Assignee";
    households_task_due: "截止日期" | "Due";
    households_recent_visits: "近期走访" | "Recent visits";
    households_no_visits: "尚无走访记录。" | "No visits yet.";
    households_visit_at: "时间" | "When";
    households_visit_mode: "方式" | "How";
    households_visit_by: "走访人" | "By";
    households_visit_result: "结果" | "Result";
    households_visit_notes: "情况" | "Notes";
    households_visit_met: "见到" | "Met";
    households_visit_not_met: "未见到" | "Nobody met";
    households_events: "必访事项" | "Must-visit events";
    households_no_events: "没有登记必访事项。" | "No must-visit events.";
    households_event_on: "发生日期" | "Date";
    households_event_what: "事项" | "Event";
    households_event_note: "说明" | "Note";
    households_edit_heading: "修改户信息" | "Edit household";
    households_add_member: "添加成员" | "Add a member";
    households_add_member_submit: "添加成员" | "Add member";
    households_cadres_heading: "结对干部" | "Paired cadres";
    households_cadres_hint: "排在第一位的结对干部接收这户的新任务。" | "The first paired cadre receives the household's new tasks.";
    households_no_candidates: "没有可选的干部。" | "No cadre to choose.";
    households_cadres_submit: "保存结对" | "Save pairing";
    campaigns_title: "走访活动" | "Visit campaigns";
    campaigns_none: "还没有走访活动。" | "No campaigns yet.";
    campaigns_back: "返回走访活动" | "Back to campaigns";
    campaigns_back_to_coverage: "返回走访进度" | "Back to coverage";
    campaigns_col_name: "名称" | "Name";
    campaigns_col_scope: "范围" | "Scope";
    campaigns_col_dates: "起止日期" | "Dates";
    campaigns_col_status: "状态" | "Status";
    campaigns_col_target: "目标户数" | "Target";
    campaigns_col_coverage: "进度" | "Coverage";
    campaigns_coverage_link: "查看进度" | "View coverage";
    campaigns_new: "新建走访活动" | "New campaign";
    campaigns_field_name: "活动名称" | "Name";
    campaigns_field_starts_on: "开始日期" | "Starts";
    campaigns_field_ends_on: "结束日期" | "Ends";
    campaigns_field_unit: "范围" | "Scope";
    campaigns_field_tags: "走访对象" | "Households";
    campaigns_field_tags_hint: "不选标签即走访范围内的全部户。" | "No tag chosen: every household in scope.";
    campaigns_field_modes: "允许的走访方式" | "Allowed kinds of visit";
    campaigns_field_target_percent: "覆盖率目标（%）" | "Coverage target (%)";
    campaigns_create_hint: "创建后为每户生成一条走访任务，交给其第一位结对干部。" | "Creating it makes a visit task per household, held by its first paired cadre.";
    campaigns_create_submit: "创建活动" | "Create campaign";
    campaigns_all_households: "全部户" | "All households";
    campaigns_by_unit: "各单位进度" | "By unit";
    campaigns_by_cadre: "各干部进度" | "By cadre";
    campaigns_up: "返回上一级" | "Up one level";
    campaigns_total: "合计" | "Total";
    campaigns_col_unit: "单位" | "Unit";
    campaigns_col_cadre: "干部" | "Cadre";
    campaigns_col_visited: "已走访" | "Visited";
    campaigns_col_met: "见到人" | "Met";
    campaigns_col_not_met: "未见到" | "Not met";
    campaigns_col_follow_ups: "待补访" | "Follow-ups";
    campaigns_col_overdue: "逾期" | "Overdue";
    campaigns_col_coverage_vs_target: "覆盖率 / 目标" | "Coverage / target";
    campaigns_col_state: "情况" | "State";
    campaigns_no_cadres: "还没有任务。" | "No tasks yet.";
    campaigns_unassigned: "未分配" | "Unassigned";
    campaigns_overdue_flag: "已逾期" | "overdue";
    campaigns_drill_none: "没有符合条件的户。" | "No household here.";
    campaigns_assign_heading: "分配任务" | "Assign tasks";
    campaigns_assign_hint: "把所选单位下无人负责的待办任务交给一位干部。" | "Give the open tasks nobody holds under a unit to one cadre.";
    campaigns_field_cadre: "干部" | "Cadre";
    campaigns_assign_submit: "分配" | "Assign";
    campaigns_close_heading: "结束活动" | "Close the campaign";
    campaigns_close_hint: "结束后未完成的任务将取消，进度保留。" | "Open tasks are cancelled; coverage stays as it is.";
    campaigns_close_submit: "结束活动" | "Close campaign";
    visit_settings_title: "走访设置" | "Visit settings";
    visit_settings_tags: "户标签" | "Household tags";
    visit_settings_tags_hint: "标记需要重点关注的户，如低保户、空巢老人。" | "Mark households that need attention, such as low-income families or elderly living alone.";
    visit_settings_triggers: "必访事项（五必访）" | "Must-visit events";
    visit_settings_triggers_hint: "发生这些情况时须在规定天数内走访。" | "When one happens, a visit is due within its days.";
    visit_settings_policies: "宣传政策" | "Policies";
    visit_settings_policies_hint: "走访时可勾选向群众宣讲的政策。" | "Policies a visit can record as explained.";
    visit_settings_follow_up: "补访时限" | "Follow-up visits";
    visit_settings_follow_up_days: "未见到人时，几天内补访" | "Days until a follow-up is due when nobody was met";
    visit_settings_follow_up_hint: "1 到 90 天。" | "1 to 90 days.";
    visit_settings_col_label: "名称" | "Name";
    visit_settings_col_days: "天数" | "Days";
    visit_settings_col_active: "使用中" | "In use";
    visit_settings_active: "使用中" | "In use";
    visit_settings_new_placeholder: "新增一项" | "Add an entry";
    visit_settings_save: "保存" | "Save";

    // The cadre's visit screens
    visits_home_title: "走访" | "Visits";
    visits_due_today: "今日待办" | "Due today";
    visits_nothing_due: "今天没有到期的走访任务。" | "No visits are due today.";
    visits_more_tasks: "还有更多任务，请先完成上面的。" | "There are more tasks; finish these first.";
    visits_pick_household: "先找到要登记的户：户主或成员姓名、住址、门牌号" | "First find the household: the head's or a member's name, the address or the house number";
    trigger_form_choose: "登记这户的事件" | "Record an event here";
    visits_my_progress: "我的进度" | "My progress";
    visits_open_tasks: "待办：" | "Open: ";
    visits_upcoming: "即将到期" | "Coming up";
    visits_unassigned: "本单位待分配的任务" | "Tasks nobody holds in your unit";
    visits_recent: "我最近的走访" | "My recent visits";
    visits_none: "还没有走访记录。" | "No visits yet.";
    visits_search_label: "查找农户" | "Find a household";
    visits_search_placeholder: "户主、成员姓名或地址" | "Head, member name or address";
    visits_search_button: "查找" | "Search";
    visits_search_results: "查找结果" | "Search results";
    visits_search_none: "没有找到符合的农户。" | "No household matches.";
    visits_my_households: "我结对的农户" | "My paired households";
    visits_record: "记录走访" | "Record visit";
    visits_due: "到期" | "Due";
    visits_overdue: "已逾期" | "Overdue since";
    visits_met: "见到人" | "Met";
    visits_not_met: "未见到人" | "Nobody met";
    visits_back_home: "返回走访首页" | "Back to visits";
    visit_form_title: "记录走访" | "Record a visit";
    visit_form_phone: "电话" | "Phone";
    visit_form_met: "是否见到人" | "Did you meet someone?";
    visit_form_mode: "走访方式" | "How";
    visit_form_attitude: "群众态度" | "The family's attitude";
    visit_form_met_whom: "见到谁" | "Whom you met";
    visit_form_met_whom_hint: "如：户主本人、老伴" | "e.g. the head, his wife";
    visit_form_concerns: "反映的问题（每行一条）" | "Concerns raised (one per line)";
    visit_form_concerns_hint: "没有可不填" | "Leave empty if none";
    visit_form_policies: "宣传的政策" | "Policies explained";
    visit_form_notes: "备注" | "Notes";
    visit_form_at: "走访时间" | "When";
    visit_form_photo: "照片（可选）" | "Photo (optional)";
    visit_form_location: "附上当前位置" | "Add my current location";
    visit_form_submit: "提交走访记录" | "Save the visit";
    visit_form_sending: "正在提交…" | "Sending…";
    visit_form_offline: "网络不通，记录还没有保存。请稍后再点提交，不会重复记录。" | "No connection: the visit is not saved yet. Tap save again later; it will not be recorded twice.";
    visit_recorded: "走访已记录。" | "The visit is recorded.";
    visit_left_open: "走访已记录。未见到人，这项待办保留，请再次走访。" | "The visit is recorded. Nobody was met, so the task stays on your list: please go again.";
    visit_recorded_title: "走访已记录" | "Visit recorded";
    visit_recorded_concerns_hint: "群众反映的问题可以现在转为诉求件：选好类别，内容、农户和地点会自动带入。" | "A concern can become a case now: choose its category; the text, household and place are filled in.";
    visit_recorded_household: "查看这户" | "Open the household";
    visit_recorded_to_cases: "把反映的问题转为诉求件" | "Make the concerns cases";
    visit_recorded_again: "这次走访已经记录过了，没有重复记录。" | "This visit was already recorded; nothing was added.";
    trigger_form_title: "登记必访事项" | "Record a must-visit event";
    trigger_form_kind: "发生了什么" | "What happened";
    trigger_form_occurred_on: "发生日期" | "When it happened";
    trigger_form_note: "情况说明" | "Details";
    trigger_form_submit: "登记并生成走访任务" | "Record and create a visit task";

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

    // Household import and ledger exports
    imports_kind_households: "户籍台账（户和家庭成员）" | "Households and their members";
    export_households_sheet: "户籍台账" | "Households";
    export_households_file: "户籍台账" | "Household registry";
    export_col_township: "所属乡镇（街道）" | "Township (street)";
    export_col_village: "所属村（社区）" | "Village (community)";
    ledger_sheet: "走访台账" | "Visit ledger";
    ledger_file: "走访台账" | "Visit ledger";
    ledger_col_time: "走访时间" | "Visited at";
    ledger_col_township: "乡镇" | "Township";
    ledger_col_village: "村" | "Village";
    ledger_col_head: "户主" | "Head of household";
    ledger_col_house: "组/门牌" | "Group / house";
    ledger_col_visitor: "走访人" | "Visitor";
    ledger_col_mode: "方式" | "Mode";
    ledger_col_met: "是否见面" | "Met";
    ledger_col_met_whom: "见到谁" | "Met whom";
    ledger_col_attitude: "群众态度" | "Attitude";
    ledger_col_concerns: "反映问题" | "Concerns raised";
    ledger_col_policies: "宣传政策" | "Policies explained";
    ledger_col_notes: "备注" | "Notes";
    ledger_col_campaign: "活动" | "Campaign";
    ledger_yes: "是" | "Yes";
    ledger_no: "否" | "No";
    // Grievances: the closed sets
    channel_visit: "走访发现" | "Found on a visit";
    channel_walk_in: "来访" | "Walk-in";
    channel_letter: "来信" | "Letter";
    channel_phone: "电话/12345" | "Phone / 12345";
    channel_online: "网上" | "Online";
    channel_resident: "群众自报" | "Resident's own report";
    status_registered: "待受理" | "Awaiting acceptance";
    status_not_accepted: "不予受理" | "Not accepted";
    status_accepted: "已受理待交办" | "Accepted, to assign";
    status_assigned: "已交办" | "Assigned";
    status_in_progress: "办理中" | "In progress";
    status_replied: "已答复待回访" | "Replied, to follow up";
    status_followed_up: "已回访待销号" | "Followed up, to close";
    status_closed: "已办结" | "Closed";
    urgency_normal: "一般" | "Normal";
    urgency_urgent: "紧急" | "Urgent";
    urgency_critical: "特急" | "Critical";
    satisfaction_satisfied: "满意" | "Satisfied";
    satisfaction_fair: "基本满意" | "Fairly satisfied";
    satisfaction_dissatisfied: "不满意" | "Dissatisfied";
    extension_requested: "延期待审批" | "Extension requested";
    extension_approved: "已批准延期" | "Extension approved";
    extension_refused: "延期未批准" | "Extension refused";
    event_registered: "登记" | "Registered";
    event_accepted: "受理" | "Accepted";
    event_not_accepted: "不予受理" | "Not accepted";
    event_assigned: "交办" | "Assigned";
    event_started: "签收办理" | "Taken up";
    event_returned: "退回交办" | "Returned as misrouted";
    event_replied: "答复群众" | "Replied to the resident";
    event_followed_up: "回访" | "Followed up";
    event_redo: "回访不满意，重办" | "Dissatisfied at follow-up: redo";
    event_closed: "销号办结" | "Closed";
    event_extension_asked: "申请延期" | "Extension asked";
    event_extension_granted: "批准延期" | "Extension granted";
    event_extension_refused: "不批准延期" | "Extension refused";
    event_note: "备注" | "Note";
    event_supervised: "督办" | "Supervised";
    event_leader_named: "领导包案" | "Leader made responsible";
    event_due_soon: "即将到期提醒" | "Due soon";
    event_overdue: "已超期" | "Overdue";
    track_registered: "您反映的问题已登记。" | "Your report has been registered.";
    track_accepted: "已受理，正在安排办理单位。" | "Accepted; a handling unit is being chosen.";
    track_not_accepted: "不予受理，原因见下方说明。" | "Not accepted; see the explanation below.";
    track_assigned: "已交由责任单位办理。" | "Passed to the responsible unit.";
    track_started: "责任单位正在办理。" | "The responsible unit is working on it.";
    track_replied: "已答复，请查看答复并评价。" | "Answered: read the reply and rate it.";
    track_followed_up: "已回访。" | "Followed up.";
    track_reply_by: "预计答复" | "Expected answer";
    track_redo: "您对答复不满意，已重新办理。" | "You were not satisfied; the case is being handled again.";
    track_closed: "已办结。" | "Closed.";
    inbox_new: "新件待受理" | "New case to decide";
    inbox_assigned: "交办给本单位" | "Assigned to your unit";
    inbox_returned: "被退回，需重新交办" | "Returned: assign again";
    inbox_redo: "回访不满意，需重办" | "Dissatisfied: handle again";
    inbox_extension: "延期申请待审批" | "Extension to decide";
    inbox_supervised: "领导督办" | "Supervised by a leader";
    inbox_due_soon: "即将到期" | "Due soon";
    inbox_overdue: "已超期" | "Overdue";
    inbox_escalated: "超期升级督办" | "Overdue: escalated";
    grievance_ledger_sheet: "问题台账" | "Grievance ledger";
    grievance_col_code: "编号" | "Code";
    grievance_col_received: "登记时间" | "Received";
    grievance_col_channel: "来源渠道" | "Channel";
    grievance_col_category: "问题类别" | "Category";
    grievance_col_place: "发生地" | "Place";
    grievance_col_reporter: "反映人" | "Reporter";
    grievance_col_phone: "联系电话" | "Phone";
    grievance_col_description: "反映内容" | "Description";
    grievance_col_status: "办理状态" | "Status";
    grievance_col_urgency: "紧急程度" | "Urgency";
    grievance_col_lead: "主办单位" | "Lead unit";
    grievance_col_due: "办理期限" | "Due";
    grievance_col_reply: "答复内容" | "Reply";
    grievance_col_satisfaction: "回访结果" | "Follow-up";
    grievance_col_redo: "重办次数" | "Redos";
    grievance_col_repeat: "重复件" | "Repeat";
    grievance_col_overdue: "超期" | "Overdue";
    grievance_col_closed: "办结时间" | "Closed";

    // The resident's public pages
    county_report: "反映问题" | "Report a problem";
    county_track: "查询进度" | "Track a case";
    report_title: "反映问题" | "Report a problem";
    report_lead: "请如实填写。提交后您会得到一个查询码，凭查询码和手机号后四位可以随时查询办理进度、查看答复并评价。"
        | "Please describe it truthfully. You will get a tracking code: with it and the last four digits of your phone you can follow the case, read the reply and rate it.";
    report_name: "您的姓名" | "Your name";
    report_phone: "手机号码" | "Mobile phone";
    report_phone_hint: "只用于工作人员联系您和您查询进度，不会公开。" | "Only for staff to reach you and for you to track the case; never made public.";
    report_place: "问题发生地" | "Where it happened";
    report_place_choose: "请选择乡镇或村（社区）" | "Choose a township or village";
    report_category: "问题类别" | "Kind of problem";
    report_category_choose: "请选择类别" | "Choose a kind";
    report_description: "具体情况" | "What happened";
    report_files: "照片或 PDF（可不传；最多 5 个，每个不超过 10 MB）" | "Photos or PDFs (optional; up to 5, at most 10 MB each)";
    report_answer: "验证题：请计算" | "Check: please work out";
    report_submit: "提交" | "Send";
    report_track_link: "已经反映过？查询办理进度" | "Reported before? Track your case";
    report_done_title: "提交成功" | "Sent";
    report_done_code: "您的查询码" | "Your tracking code";
    report_done_text: "请记下查询码。凭查询码和手机号后四位，可以随时查询办理进度、查看答复并评价。"
        | "Write the code down. With it and the last four digits of your phone you can follow the case, read the reply and rate it.";
    report_done_track: "查询办理进度" | "Track this case";
    report_done_again: "再反映一个问题" | "Report another problem";
    track_title: "查询办理进度" | "Track your case";
    track_lead: "请输入提交时得到的查询码和手机号码后四位。" | "Enter the tracking code you were given and the last four digits of your phone.";
    track_code: "查询码" | "Tracking code";
    track_phone_last4: "手机号后四位" | "Last 4 digits of the phone";
    track_submit: "查询" | "Look up";
    track_not_found: "没有查到：请核对查询码和手机号后四位。" | "Nothing found: check the code and the four digits.";
    track_received: "提交时间" | "Sent";
    track_progress: "办理进度" | "Progress";
    track_reply: "答复" | "Reply";
    track_rate_title: "您对答复满意吗？" | "Are you satisfied with the reply?";
    track_comment: "想说的话（可不填）" | "Anything to add (optional)";
    track_rate_submit: "提交评价" | "Send my rating";
    track_your_rating: "您的评价" | "Your rating";
    track_report_link: "反映新问题" | "Report a new problem";
    notice_rated: "感谢您的评价。" | "Thank you for your rating.";
    error_too_many: "尝试次数过多，请稍后再试。" | "Too many attempts; please try again later.";
    // Grievances: the staff screens
    tile_grievances: "问题台账" | "Grievance ledger";
    tile_grievances_text: "诉求登记、交办、办理、回访、销号" | "Register, assign, handle, follow up, close";
    tile_grievance_new: "登记诉求" | "Register a case";
    tile_grievance_new_text: "来访、来信、电话/12345、网上" | "Walk-in, letter, phone / 12345, online";
    tile_grievance_stats: "单位办理统计" | "Unit statistics";
    tile_grievance_stats_text: "按时受理、办结、满意率、黄牌" | "On time, satisfaction, yellow cards";
    tile_grievance_settings: "诉求设置" | "Grievance settings";
    tile_grievance_settings_text: "问题类别、办理期限、归口规则" | "Categories, deadlines, routing";
    tile_security_settings: "安全设置" | "Security settings";
    tile_security_settings_text: "两步验证的适用角色和宽限期" | "Who must use two-step verification";
    workbench_inbox: "诉求待办：即将到期、已超期、督办和新交办的案件。" | "Grievance tasks: due soon, overdue, supervised and newly assigned cases.";
    workbench_open_inbox: "打开诉求待办" | "Open grievance tasks";
    gv_ledger_title: "问题台账" | "Grievance ledger";
    gv_new: "登记诉求" | "Register a case";
    gv_export: "导出 Excel" | "Export to Excel";
    gv_filter_status: "状态" | "Status";
    gv_filter_category: "类别" | "Category";
    gv_filter_unit: "办理单位" | "Handling unit";
    gv_filter_channel: "来源" | "Channel";
    gv_filter_urgency: "紧急程度" | "Urgency";
    gv_filter_place: "发生地" | "Place";
    gv_filter_from: "登记日期从" | "Received from";
    gv_filter_until: "至" | "until";
    gv_filter_code: "编号" | "Code";
    gv_filter_overdue: "只看超期" | "Overdue only";
    gv_filter_repeat: "只看重复件" | "Repeats only";
    gv_filter_supervised: "只看督办件" | "Supervised only";
    gv_filter_submit: "筛选" | "Filter";
    gv_all: "全部" | "All";
    gv_none: "没有符合条件的案件。" | "No case matches.";
    gv_col_summary: "反映内容" | "Description";
    gv_flag_overdue: "已超期" | "Overdue";
    gv_flag_soon: "即将到期" | "Due soon";
    gv_flag_repeat: "重复件" | "Repeat";
    gv_flag_supervised: "督办" | "Supervised";
    gv_flag_redo: "重办" | "Redo";
    gv_next_page: "下一页" | "Next page";
    gv_back: "返回问题台账" | "Back to the ledger";
    gv_case_title: "诉求件" | "Case";
    gv_facts: "基本情况" | "Facts";
    gv_reporter: "反映人" | "Reporter";
    gv_phone: "联系电话" | "Phone";
    gv_reveal: "查看" | "Show";
    gv_revealed_hint: "已记入审计日志。离开本页后号码不再显示。" | "Recorded in the audit log. The number is not shown again once you leave this page.";
    gv_household: "关联户" | "Household";
    gv_open_household: "查看户籍" | "Open the household";
    gv_lead: "主办单位" | "Lead unit";
    gv_co: "协办单位" | "Co-handling units";
    gv_accept_due: "受理期限" | "Decide by";
    gv_handle_due: "办理期限" | "Handle by";
    gv_extension: "延期" | "Extension";
    gv_extension_days: "天" | "days";
    gv_repeat_of: "重复于" | "Repeats";
    gv_leader: "包案领导" | "Responsible leader";
    gv_reply: "答复内容" | "Reply";
    gv_satisfaction: "回访结果" | "Follow-up";
    gv_timeline: "办理过程" | "Timeline";
    gv_attachments: "附件" | "Attachments";
    gv_no_attachments: "没有附件。" | "No attachments.";
    gv_actions: "办理" | "Act on this case";
    gv_no_actions: "您现在不能对本件进行操作。" | "There is nothing you can do on this case now.";
    gv_cmd_accept: "受理" | "Accept";
    gv_cmd_reject: "不予受理" | "Do not accept";
    gv_cmd_assign: "交办" | "Assign";
    gv_cmd_start: "签收办理" | "Take it up";
    gv_cmd_return: "退回（交办有误）" | "Return as misrouted";
    gv_cmd_reply: "答复群众" | "Reply to the resident";
    gv_cmd_follow_up: "回访" | "Follow up";
    gv_cmd_close: "销号办结" | "Close";
    gv_cmd_request_extension: "申请延期" | "Ask for an extension";
    gv_cmd_decide_extension: "审批延期" | "Decide the extension";
    gv_cmd_note: "添加备注" | "Add a note";
    gv_cmd_supervise: "督办" | "Supervise";
    gv_cmd_name_leader: "领导包案" | "Name a responsible leader";
    gv_field_reason: "理由" | "Reason";
    gv_field_reason_resident: "不予受理的理由（群众可见）" | "Reason (the resident reads it)";
    gv_field_reply: "答复内容（写给群众）" | "Reply (written for the resident)";
    gv_field_note: "说明" | "Note";
    gv_field_days: "延期天数（最多 30 天）" | "Days (30 at most)";
    gv_field_lead: "主办单位" | "Lead unit";
    gv_field_lead_hint: "已按归口规则预选建议的主办单位。" | "The unit the routing rules suggest is chosen.";
    gv_field_co: "协办单位（可多选）" | "Co-handling units (any number)";
    gv_field_leader: "包案领导" | "Leader";
    gv_approve: "批准" | "Approve";
    gv_refuse: "不批准" | "Refuse";
    gv_field_channel: "来源渠道" | "Channel";
    gv_field_reporter_name: "反映人姓名" | "Reporter's name";
    gv_field_reporter_phone: "联系电话" | "Phone";
    gv_field_place: "发生地（村、乡镇）" | "Place (village or township)";
    gv_field_category: "问题类别" | "Category";
    gv_field_urgency: "紧急程度" | "Urgency";
    gv_field_description: "反映内容" | "What the resident reports";
    gv_field_files: "附件（照片或 PDF，最多 5 个，每个不超过 10 MB）" | "Attachments (photos or PDF, up to 5, 10 MB each)";
    gv_form_kept_hint: "如果提交未成功，填写的内容和附件会保留 10 分钟，改正后再次提交即可。" | "If the form comes back, what you entered and the files are kept for 10 minutes: correct it and send it again.";
    gv_kept_files: "已保留的附件" | "Files kept from your last try";
    gv_kept_files_hint: "取消勾选的附件不再附上；也可以再选新的附件。" | "Untick a file to leave it out; you can also add new ones.";
    gv_register_submit: "登记" | "Register";
    gv_for_household: "关联户：" | "For the household: ";
    gv_from_concern: "转为诉求件" | "Make it a case";
    gv_concern_case: "已转诉求件" | "Case opened";
    gv_inbox_title: "诉求待办" | "Grievance tasks";
    gv_inbox_none: "待办箱是空的。" | "Nothing in the inbox.";
    gv_inbox_read_all: "全部标为已读" | "Mark all read";
    gv_inbox_unread: "未读" | "Unread";
    gv_stats_title: "单位办理统计" | "Unit statistics";
    gv_stats_from: "登记日期从" | "Received from";
    gv_stats_until: "至" | "until";
    gv_stats_submit: "统计" | "Count";
    gv_stats_unit: "单位" | "Unit";
    gv_stats_received: "收件" | "Received";
    gv_stats_accepted_on_time: "按时受理率" | "Decided on time";
    gv_stats_closed_on_time: "按时办结率" | "Closed on time";
    gv_stats_satisfaction: "回访满意率" | "Satisfied at follow-up";
    gv_stats_redo: "重办率" | "Redo rate";
    gv_stats_repeat: "重复件率" | "Repeat rate";
    gv_stats_overdue: "当前超期" | "Overdue now";
    gv_stats_cards: "黄牌" | "Yellow cards";
    gv_stats_none: "没有可统计的单位。" | "No unit to count.";
    gv_stats_hint: "比率以本期登记的案件计；“—”表示没有可计算的案件。" | "Rates count the cases received in the period; “—” means nothing to count.";
    gv_card_title: "黄牌警告" | "Yellow card";
    gv_cards_issued: "本期已发出的黄牌" | "Yellow cards issued in the period";
    gv_own_cards: "本单位近30天收到黄牌警告" | "Your unit received a yellow card in the last 30 days";
    gv_card_unit: "被警告单位" | "Unit";
    gv_card_reason: "事由" | "Reason";
    gv_card_submit: "发出黄牌" | "Issue the yellow card";
    gv_settings_title: "诉求设置" | "Grievance settings";
    gv_settings_categories: "问题类别与办理期限" | "Categories and deadlines";
    gv_settings_categories_hint: "期限按天计：受理期限从登记起算，办理期限从受理起算（信访工作条例：15 天、60 天）。" | "Deadlines in days: deciding from registration, handling from acceptance (the regulation says 15 and 60).";
    gv_settings_col_name: "名称" | "Name";
    gv_settings_col_accept: "受理天数" | "Days to decide";
    gv_settings_col_handle: "办理天数" | "Days to handle";
    gv_settings_col_active: "启用" | "In use";
    gv_settings_parent: "上级类别" | "Parent";
    gv_settings_top: "（一级类别）" | "(top level)";
    gv_settings_add: "新增类别" | "Add a category";
    gv_settings_save: "保存" | "Save";
    gv_settings_rules: "归口规则" | "Routing rules";
    gv_settings_rules_hint: "类别交由哪个县直部门主办；未设规则的，由发生地所在乡镇主办。子类别未设时沿用上级。" | "Which department leads a category; without a rule the place's township leads. A subcategory without its own rule follows its parent.";
    gv_settings_no_rule: "（无规则）" | "(no rule)";
    gv_settings_general: "其他设置" | "Other settings";
    gv_settings_repeat_days: "重复件判定天数" | "Repeat window (days)";
    gv_settings_soon_days: "到期前几天提醒" | "Warn this many days before a deadline";
    notice_case_registered: "已登记。" | "Registered.";
    notice_case_updated: "已办理，案件已更新。" | "Done; the case is updated.";
    notice_case_returned: "已退回交办单位。" | "Returned to the dispatcher.";
    notice_inbox_read: "待办已全部标为已读。" | "Everything is marked read.";
    notice_yellow_card: "黄牌已发出。" | "The yellow card was issued.";
    notice_second_factor_disabled: "两步验证已关闭。" | "Two-step verification is off.";
    notice_second_factor_reset: "已重置该账号的两步验证，对方下次登录时需重新设置。" | "Two-step verification was reset; the account sets it up again at its next sign-in.";
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

impl Texts {
    /// "新增 3 · 修改 1 · 不变 20"
    pub fn imports_counts(self, add: usize, change: usize, unchanged: usize) -> String {
        match self.0 {
            Locale::ZhCn => format!("新增 {add} · 修改 {change} · 不变 {unchanged}"),
            Locale::En => format!("{add} to add · {change} to change · {unchanged} unchanged"),
        }
    }

    pub fn imports_more_problems(self, shown: usize, total: usize) -> String {
        match self.0 {
            Locale::ZhCn => format!("共 {total} 处问题，这里列出前 {shown} 处。"),
            Locale::En => format!("{total} problems; the first {shown} are listed."),
        }
    }
}

impl Texts {
    /// The per-cadre table of a large campaign lists only the weakest.
    pub fn campaigns_cadres_shown(self, shown: usize, total: usize) -> String {
        match self.0 {
            Locale::ZhCn => format!("共 {total} 名干部，这里列出进度最慢的 {shown} 名。"),
            Locale::En => format!("{total} cadres; the {shown} furthest behind are listed."),
        }
    }

    /// A campaign's progress among the cadre's households: `3/12 户已见面`.
    pub fn visits_met_of(self, met: u64, of: u64) -> String {
        match self.0 {
            Locale::ZhCn => format!("{met}/{of} 户已见面"),
            Locale::En => format!("{met} of {of} households met"),
        }
    }

    /// Open tasks of one kind: `走访 12 项`.
    pub fn visits_open_of_kind(self, kind: &str, n: u64) -> String {
        match self.0 {
            Locale::ZhCn => format!("{kind} {n} 项"),
            Locale::En => format!("{kind}: {n}"),
        }
    }

    /// The folded rest of a list.
    pub fn visits_fold_rest(self, n: usize) -> String {
        match self.0 {
            Locale::ZhCn => format!("其余 {n} 项"),
            Locale::En => format!("{n} more"),
        }
    }

    /// The latest date the reporter's answer is due.
    pub fn track_reply_by_date(self, date: &str) -> String {
        match self.0 {
            Locale::ZhCn => format!("最迟 {date} 前"),
            Locale::En => format!("by {date} at the latest"),
        }
    }

    pub fn visits_concerns_count(self, n: usize) -> String {
        match self.0 {
            Locale::ZhCn => format!("反映问题 {n} 条"),
            Locale::En if n == 1 => "1 concern raised".to_owned(),
            Locale::En => format!("{n} concerns raised"),
        }
    }

    /// Nobody met: when the 补访 is due.
    pub fn visit_follow_up(self, due: &str) -> String {
        match self.0 {
            Locale::ZhCn => format!("已记录。未见到人，已生成补访任务，请在 {due} 前补访。"),
            Locale::En => format!("Recorded. Nobody was met: a follow-up visit is due by {due}."),
        }
    }

    pub fn trigger_form_days(self, days: i32) -> String {
        match self.0 {
            Locale::ZhCn => format!("{days} 天内走访"),
            Locale::En if days == 1 => "visit within 1 day".to_owned(),
            Locale::En => format!("visit within {days} days"),
        }
    }
}

impl Texts {
    /// The unread count on the workbench.
    pub fn gv_inbox_unread_count(self, n: u64) -> String {
        match self.0 {
            Locale::ZhCn => format!("{n} 条未读"),
            Locale::En => format!("{n} unread"),
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
