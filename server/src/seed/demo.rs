//! The demo province's data: real county names and division codes of Shijiazhuang, townships
//! named as they are, and villages named the way north-China villages are named.

pub const PROVINCE: &str = "河北省";

pub struct County {
    pub code: &'static str,
    pub name: &'static str,
    pub city: &'static str,
    pub townships: &'static [Township],
}

pub struct Township {
    /// The three township digits of the division code.
    pub code: &'static str,
    pub name: &'static str,
}

const fn t(code: &'static str, name: &'static str) -> Township {
    Township { code, name }
}

pub const COUNTIES: &[County] = &[
    County {
        code: "130123",
        name: "正定县",
        city: "石家庄市",
        townships: &[
            t("100", "正定镇"),
            t("101", "诸福屯镇"),
            t("102", "新城铺镇"),
            t("103", "新安镇"),
            t("200", "南牛乡"),
            t("201", "南楼乡"),
            t("202", "西平乐乡"),
            t("203", "北早现乡"),
        ],
    },
    County {
        code: "130131",
        name: "平山县",
        city: "石家庄市",
        townships: &[
            t("100", "平山镇"),
            t("101", "温塘镇"),
            t("102", "西柏坡镇"),
            t("103", "岗南镇"),
            t("104", "下槐镇"),
            t("105", "古月镇"),
        ],
    },
    County {
        code: "130129",
        name: "赞皇县",
        city: "石家庄市",
        townships: &[
            t("100", "赞皇镇"),
            t("101", "院头镇"),
            t("102", "南邢郭镇"),
            t("103", "嶂石岩镇"),
            t("200", "黄北坪乡"),
        ],
    },
];

/// Departments (县直部门) with the short codes admins use for them.
pub const DEPARTMENTS: &[(&str, &str)] = &[
    ("zfw", "县委政法委"),
    ("xfj", "县信访局"),
    ("gaj", "县公安局"),
    ("zjj", "县住房和城乡建设局"),
    ("sthj", "市生态环境局分局"),
    ("rsj", "县人力资源和社会保障局"),
    ("jyj", "县教育局"),
    ("wjj", "县卫生健康局"),
    ("mzj", "县民政局"),
    ("nyj", "县农业农村局"),
    ("zrzy", "县自然资源和规划局"),
    ("cgj", "县城市管理综合行政执法局"),
    ("scjg", "县市场监督管理局"),
];

const VILLAGE_NAMES: &[&str] = &[
    "东关",
    "西关",
    "南街",
    "北街",
    "王家庄",
    "李家庄",
    "张家营",
    "刘家屯",
    "孙村",
    "赵庄",
    "高家庄",
    "吴家店",
    "前进",
    "新华",
    "马家庄",
    "杨家庄",
    "周家寨",
    "郭村",
    "韩家庄",
    "冯村",
    "陈家峪",
    "曹庄",
    "许家营",
    "邓村",
    "田家庄",
    "石门",
    "柳林",
    "槐树",
    "东庄",
    "西庄",
];

/// The villages of the `index`th township: one community (社区, code 001) and six villages
/// (村, codes 201–206), names rotating through the pool so townships differ.
pub fn villages(index: usize) -> impl Iterator<Item = (u32, String)> {
    let community = (
        1,
        format!("{}社区", VILLAGE_NAMES[(index * 7) % VILLAGE_NAMES.len()]),
    );
    let villages = (0..6).map(move |i| {
        let name = VILLAGE_NAMES[(index * 7 + i + 1) % VILLAGE_NAMES.len()];
        (201 + i as u32, format!("{name}村"))
    });
    std::iter::once(community).chain(villages)
}
