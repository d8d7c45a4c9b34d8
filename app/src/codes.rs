//! `code_enum!`: a closed set of values stored and sent as short snake_case codes (at most 16
//! characters), with `ALL`, `code()` and `from_code()`. The database column is a string.

#[macro_export]
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $code:literal,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
        #[cfg_attr(
            feature = "ssr",
            sea_orm(
                rs_type = "String",
                db_type = "String(sea_orm::sea_query::StringLen::N(16))"
            )
        )]
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[serde(rename = $code)]
                #[cfg_attr(feature = "ssr", sea_orm(string_value = $code))]
                $variant,
            )*
        }

        impl $name {
            pub const ALL: &[$name] = &[$($name::$variant),*];

            pub const fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)*
                }
            }

            pub fn from_code(code: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|v| v.code() == code)
            }
        }
    };
}
