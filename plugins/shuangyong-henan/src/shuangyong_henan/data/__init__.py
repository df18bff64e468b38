"""Package data of shuangyong-henan: parameter files (TOML) and 建安区 township codes (CSV)."""
