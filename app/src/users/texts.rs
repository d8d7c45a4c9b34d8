//! The users console words, zh-CN and English side by side (the mechanism: `crate::i18n`).

crate::i18n::texts! {
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
}
