//! "Did you mean": the known name that a mistyped one most likely meant. One scoring for
//! every suggestion the hub makes (document paths, taxonomy terms), so that they agree on
//! what counts as near.

/// How alike a typed name is to a known one.
#[derive(Debug, Clone, Copy)]
pub struct Likeness {
    /// Characters inserted, removed or replaced to go from one to the other (Levenshtein).
    pub edits: usize,
    /// Jaro-Winkler similarity, 0 to 1, which favours a shared beginning.
    pub similarity: f64,
}

impl Likeness {
    pub fn of(typed: &str, known: &str) -> Likeness {
        Likeness {
            edits: strsim::levenshtein(typed, known),
            similarity: strsim::jaro_winkler(typed, known),
        }
    }
}

/// The known name nearest `typed` among those `near` accepts: fewest edits first; among
/// equals, the most alike, then the name itself, so that the answer never depends on order.
pub fn closest<'k>(
    typed: &str,
    known: impl IntoIterator<Item = &'k str>,
    near: impl Fn(&str, Likeness) -> bool,
) -> Option<&'k str> {
    known
        .into_iter()
        .filter_map(|k| {
            let likeness = Likeness::of(typed, k);
            near(k, likeness).then_some((
                likeness.edits,
                std::cmp::Reverse((likeness.similarity * 1e6) as u64),
                k,
            ))
        })
        .min()
        .map(|(_, _, k)| k)
}

/// The known term a typed one most likely meant (`製造` for `製造業`, `mid-market` for
/// `midmarket`), case aside: a character off for every four of the shorter, at least one,
/// or much alike from the start (`医療` and `医療機関`). Never the typed term itself.
pub fn closest_term<'k>(typed: &str, known: impl IntoIterator<Item = &'k str>) -> Option<&'k str> {
    let typed_lower = typed.to_lowercase();
    let candidates: Vec<(String, &'k str)> = known
        .into_iter()
        .filter(|k| *k != typed)
        .map(|k| (k.to_lowercase(), k))
        .collect();
    let by_lower: Vec<&str> = candidates.iter().map(|(lower, _)| lower.as_str()).collect();
    let found = closest(&typed_lower, by_lower.iter().copied(), |k, likeness| {
        let shorter = typed_lower.chars().count().min(k.chars().count());
        likeness.edits <= 1.max(shorter / 4) || likeness.similarity >= 0.85
    })?;
    candidates
        .iter()
        .find(|(lower, _)| lower == found)
        .map(|(_, k)| *k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mistyped_term_finds_the_one_it_meant() {
        let industries = ["製造業", "小売", "金融", "医療機関", "IT・ソフトウェア"];
        assert_eq!(closest_term("製造", industries), Some("製造業"));
        assert_eq!(closest_term("小売業", industries), Some("小売"));
        assert_eq!(closest_term("医療", industries), Some("医療機関"));
        // Two characters that share nothing are not a typo of each other.
        assert_eq!(closest_term("物流", industries), None);
        let sizes = ["enterprise", "mid-market", "smb"];
        assert_eq!(closest_term("Enterprize", sizes), Some("enterprise"));
        assert_eq!(closest_term("midmarket", sizes), Some("mid-market"));
        assert_eq!(closest_term("SMB", sizes), Some("smb"));
        assert_eq!(closest_term("startup", sizes), None);
        assert_eq!(closest_term("smb", sizes), None, "not the term itself");
    }

    #[test]
    fn the_nearest_wins_whatever_the_order() {
        let near = |_: &str, l: Likeness| l.edits <= 2;
        assert_eq!(
            closest("kickof", ["kickoff", "kick"], near),
            Some("kickoff")
        );
        assert_eq!(
            closest("kickof", ["kick", "kickoff"], near),
            Some("kickoff")
        );
        assert_eq!(closest("abc", ["abd", "abe"], near), Some("abd"));
        assert_eq!(closest("abc", ["abe", "abd"], near), Some("abd"));
    }
}
