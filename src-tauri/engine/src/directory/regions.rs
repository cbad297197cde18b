//! Département → region (the 18 regions since 2016), for "Où ?". The national file gives
//! the département but not the region.

/// The region of a département code ("01"…"95", "2A", "2B", "971"…"976"), or None.
pub fn region_of(department: &str) -> Option<&'static str> {
    let region = match department {
        "01" | "03" | "07" | "15" | "26" | "38" | "42" | "43" | "63" | "69" | "73" | "74" => "Auvergne-Rhône-Alpes",
        "21" | "25" | "39" | "58" | "70" | "71" | "89" | "90" => "Bourgogne-Franche-Comté",
        "22" | "29" | "35" | "56" => "Bretagne",
        "18" | "28" | "36" | "37" | "41" | "45" => "Centre-Val de Loire",
        "2A" | "2B" | "20" => "Corse",
        "08" | "10" | "51" | "52" | "54" | "55" | "57" | "67" | "68" | "88" => "Grand Est",
        "02" | "59" | "60" | "62" | "80" => "Hauts-de-France",
        "75" | "77" | "78" | "91" | "92" | "93" | "94" | "95" => "Île-de-France",
        "14" | "27" | "50" | "61" | "76" => "Normandie",
        "16" | "17" | "19" | "23" | "24" | "33" | "40" | "47" | "64" | "79" | "86" | "87" => "Nouvelle-Aquitaine",
        "09" | "11" | "12" | "30" | "31" | "32" | "34" | "46" | "48" | "65" | "66" | "81" | "82" => "Occitanie",
        "44" | "49" | "53" | "72" | "85" => "Pays de la Loire",
        "04" | "05" | "06" | "13" | "83" | "84" => "Provence-Alpes-Côte d'Azur",
        "971" => "Guadeloupe",
        "972" => "Martinique",
        "973" => "Guyane",
        "974" => "La Réunion",
        "976" => "Mayotte",
        _ => return None,
    };
    Some(region)
}

/// The département code of a row: the file's own when it looks like one, else the postal
/// code's (two first digits; three overseas; Corsica's 20xxx split at 20200).
pub fn department_code(department: &str, postal_code: &str) -> String {
    let given = department.trim();
    // The file writes the code, sometimes followed by the name ("75 - Paris"): keep the code.
    let code = given.split([' ', '-']).next().unwrap_or("").to_ascii_uppercase();
    if region_of(&code).is_some() {
        return code;
    }
    let digits = postal_code.trim();
    if digits.len() != 5 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return String::new();
    }
    if digits.starts_with("97") {
        return digits[..3].to_owned();
    }
    if digits.starts_with("20") {
        return if digits < "20200" { "2A".to_owned() } else { "2B".to_owned() };
    }
    digits[..2].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn departments_give_their_region() {
        assert_eq!(region_of("75"), Some("Île-de-France"));
        assert_eq!(region_of("2A"), Some("Corse"));
        assert_eq!(region_of("974"), Some("La Réunion"));
        assert_eq!(region_of("29"), Some("Bretagne"));
        assert_eq!(region_of("99"), None);
        let all: std::collections::BTreeSet<_> = (1..=95)
            .map(|n| format!("{n:02}"))
            .chain(["2A", "2B", "971", "972", "973", "974", "976"].map(String::from))
            .filter_map(|d| region_of(&d))
            .collect();
        assert_eq!(all.len(), 18);
    }

    #[test]
    fn department_from_the_file_or_the_postal_code() {
        assert_eq!(department_code("35", "35000"), "35");
        assert_eq!(department_code("", "13008"), "13");
        assert_eq!(department_code("", "97490"), "974");
        assert_eq!(department_code("", "20000"), "2A");
        assert_eq!(department_code("", "20600"), "2B");
        assert_eq!(department_code("2a", ""), "2A");
        assert_eq!(department_code("", "ABC"), "");
    }
}
