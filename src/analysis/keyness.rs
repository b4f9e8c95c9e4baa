//! Keyness: which items (lexicon variants, or words a lexicon does not list yet) are
//! typical of one group of documents against another, by the log-odds ratio with an
//! informative Dirichlet prior of Monroe, Colaresi and Quinn (2008), "Fightin' Words:
//! Lexical Feature Selection and Evaluation for Identifying the Content of Political
//! Conflict", *Political Analysis* 16(4), 372–403.
//!
//! This module owns the statistic only: [`log_odds`] takes the counts of two groups and
//! gives every item its `delta`, `variance` and `z`; [`Pooled`] sums the groups once and takes
//! each group out of the sum for
//! "each group against the rest". Counting and reporting belong to the callers.
//!
//! For an item `w`, with `y_wi` its count in group `i`, `n_i` the total count of all items
//! in group `i` (passed by the caller: the group's word count for lexicon variants, its
//! token count for discovered words), `a_w` the prior of `w` and `a_0` the total prior:
//!
//! ```text
//! delta_w  = ln((y_wi + a_w) / (n_i + a_0 - y_wi - a_w)) - ln((y_wj + a_w) / (n_j + a_0 - y_wj - a_w))
//! var      ~ 1 / (y_wi + a_w) + 1 / (y_wj + a_w)
//! z_w      = delta_w / sqrt(var)
//! ```
//!
//! A positive `z` means the item is more typical of group `i`. The prior keeps the
//! logarithms finite for items one group never uses (`y = 0`).
//!
//! # The prior
//!
//! The vocabulary is the union of the items of both groups, before the minimum-count
//! filter; an item whose pooled count `y_wi + y_wj` is zero is not in it (its prior
//! would be zero and its logarithms infinite).
//!
//! * [`Prior::Uniform`]: `a_w = alpha` for every item, `a_0 = alpha × |vocabulary|`.
//! * [`Prior::Pooled`]: `a_w = scale × (y_wi + y_wj) / (n_i + n_j)`, the pooled share of `w`
//!   times a prior worth `scale` words, and `a_0 = scale`.
//! * [`Prior::PooledFraction`] (the default): the same with `scale = fraction × (n_i + n_j)`,
//!   that is `a_w = fraction × (y_wi + y_wj)`. `fraction = 1` is the common implementation
//!   where the prior is the pooled counts themselves.
//!
//! For the pooled priors `a_0` is `scale`, the sum of the shares over every word the
//! totals count, not only over the listed items. Lexicon variants are a few items among
//! thousands of words: summing over them alone would leave `a_0` near zero while `a_w`
//! stays, and items used at the same rate in both groups would then look typical of the
//! smaller group (`delta ≈ ln(1 + scale/n_i) - ln(1 + scale/n_j)`, about 1.2 for a group of
//! 2,000 words against a rest of 10,000 with `scale = n_i + n_j`). With `a_0 = scale`,
//! equal rates give `delta = 0` exactly, whatever the scale and the group sizes.
//!
//! The default is `PooledFraction { fraction: 0.1 }`: a prior a tenth the weight of the
//! data. Monroe et al. shrink with a prior of the order of the corpus, and the pooled
//! counts themselves (`fraction = 1`) are a common choice, but the variance above counts
//! the prior as observations: on a handful of articles a prior as heavy as the data
//! halves `delta` and understates the spread, so that even a threefold difference rarely
//! reaches `|z| > 1.96`. A much lighter prior (`fraction = 0.01`, or a small uniform
//! `alpha`) makes `1 / a_w` dominate the variance of an item one group never uses, which
//! then never stands out however often the other group uses it. In simulations of groups of
//! 500 to 20,000 words, a tenth kept `z` near or below a standard normal when rates are
//! equal (no false leads), while detecting an item used by only one group about as well as
//! any fraction, and a threefold difference nearly as well as the lightest priors. A
//! uniform prior is not the default because with groups of unequal size (one group
//! against the rest) it biases `delta` towards the smaller group.
//!
//! Items for which a group has no mass besides the item (`n + a_0 - y - a_w <= 0`: a total
//! smaller than a count, or an item that is all of a group under a prior with nothing
//! elsewhere) have no finite log-odds and are left out.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

/// How the Dirichlet prior is set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Prior {
    /// `a_w = scale × (y_wi + y_wj) / (n_i + n_j)`: the pooled share of `w`, with a prior
    /// worth `scale` words (`a_0 = scale`).
    Pooled {
        /// The total prior `a_0`, in words.
        scale: f64,
    },
    /// `a_w = fraction × (y_wi + y_wj)`: [`Prior::Pooled`] with `scale = fraction × (n_i +
    /// n_j)`, a prior weighing `fraction` of the data. `fraction = 1` makes the prior the
    /// pooled counts themselves.
    PooledFraction {
        /// The weight of the prior relative to the data (`a_0 = fraction × (n_i + n_j)`).
        fraction: f64,
    },
    /// `a_w = alpha` for every item of the vocabulary (`a_0 = alpha × |vocabulary|`).
    Uniform {
        /// The prior of each item.
        alpha: f64,
    },
}

impl Prior {
    /// The fraction of the default prior, [`Prior::PooledFraction`]; the module doc says why.
    pub const DEFAULT_FRACTION: f64 = 0.1;
}

impl Prior {
    /// `a_w` for an item of pooled count `pooled`, and `a_0 - a_w`, when both groups total
    /// `pooled_total` and the vocabulary has `size` items.
    fn weights(&self, pooled: u64, pooled_total: u64, size: usize) -> (f64, f64) {
        let (pooled, pooled_total) = (pooled as f64, pooled_total as f64);
        match *self {
            Prior::Pooled { scale } => (
                scale * pooled / pooled_total,
                scale * (pooled_total - pooled) / pooled_total,
            ),
            Prior::PooledFraction { fraction } => {
                (fraction * pooled, fraction * (pooled_total - pooled))
            }
            Prior::Uniform { alpha } => (alpha, alpha * (size as f64 - 1.0)),
        }
    }
}

impl Default for Prior {
    /// `PooledFraction { fraction: 0.1 }`.
    fn default() -> Prior {
        Prior::PooledFraction {
            fraction: Prior::DEFAULT_FRACTION,
        }
    }
}

/// Counts of one group.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupCounts<'a> {
    /// The count of each item in the group.
    pub counts: &'a BTreeMap<String, u64>,
    /// The total count of all items in the group (`n`): its word count for lexicon
    /// variants, its token count for discovered words. At least every single count.
    pub total: u64,
}

/// One item's keyness between group i and group j (positive: more typical of i).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Keyness {
    /// The item (a lexicon variant, a word or a bigram).
    pub item: String,
    /// Its count in group i.
    pub count_i: u64,
    /// Its count in group j.
    pub count_j: u64,
    /// The log-odds ratio with the prior, `delta_w`.
    pub delta: f64,
    /// The approximate variance of `delta`.
    pub variance: f64,
    /// `delta / sqrt(variance)`.
    pub z: f64,
}

/// Keyness of every item counted at least `min_count` times over both groups, sorted by z
/// descending (ties by item).
///
/// The prior is computed over the union of the items of both groups before the filter;
/// items counted zero times in both groups are not part of it and are never returned.
pub fn log_odds(
    i: GroupCounts<'_>,
    j: GroupCounts<'_>,
    prior: &Prior,
    min_count: u64,
) -> Vec<Keyness> {
    let vocabulary: BTreeSet<&str> = i
        .counts
        .iter()
        .chain(j.counts)
        .filter(|(_, count)| **count > 0)
        .map(|(item, _)| item.as_str())
        .collect();
    let size = vocabulary.len();
    let mut rows: Vec<Keyness> = vocabulary
        .into_iter()
        .filter_map(|item| {
            let count_i = i.counts.get(item).copied().unwrap_or(0);
            let count_j = j.counts.get(item).copied().unwrap_or(0);
            if count_i + count_j < min_count {
                return None;
            }
            let (a_w, a_else) = prior.weights(count_i + count_j, i.total + j.total, size);
            let (y_i, y_j) = (count_i as f64, count_j as f64);
            // n + a_0 - y - a_w as (n - y) + (a_0 - a_w): exactly 0, not a rounding residue,
            // when the item is all there is.
            let rest_i = (i.total as f64 - y_i) + a_else;
            let rest_j = (j.total as f64 - y_j) + a_else;
            if a_w <= 0.0 || rest_i <= 0.0 || rest_j <= 0.0 {
                return None;
            }
            let delta = ((y_i + a_w) / rest_i).ln() - ((y_j + a_w) / rest_j).ln();
            let variance = 1.0 / (y_i + a_w) + 1.0 / (y_j + a_w);
            let z = delta / variance.sqrt();
            z.is_finite().then(|| Keyness {
                item: item.to_string(),
                count_i,
                count_j,
                delta,
                variance,
                z,
            })
        })
        .collect();
    rows.sort_by(|a, b| b.z.total_cmp(&a.z).then_with(|| a.item.cmp(&b.item)));
    rows
}

/// Every group's counts summed once, for "each group against the rest": the rest of a
/// group is the sum less that group, so scoring every group costs one pass over the sum
/// each, not one pass over all the other groups each.
#[derive(Debug)]
pub struct Pooled {
    counts: BTreeMap<String, u64>,
    total: u64,
}

impl Pooled {
    /// The counts (items counted zero times left out) and totals of `groups`, summed.
    pub fn of(groups: &[GroupCounts<'_>]) -> Self {
        let mut counts: BTreeMap<String, u64> = BTreeMap::new();
        let mut total = 0;
        for group in groups {
            total += group.total;
            for (item, &count) in group.counts.iter().filter(|(_, count)| **count > 0) {
                super::add_count(&mut counts, item, count);
            }
        }
        Pooled { counts, total }
    }

    /// The counts of every group but `group`, which must be one of the summed groups,
    /// summed (items counted zero times left out), and their total.
    pub fn without(&self, group: &GroupCounts<'_>) -> (BTreeMap<String, u64>, u64) {
        let counts = self
            .counts
            .iter()
            .filter_map(|(item, &sum)| {
                let rest = sum - group.counts.get(item).copied().unwrap_or(0);
                (rest > 0).then(|| (item.clone(), rest))
            })
            .collect();
        (counts, self.total - group.total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
        pairs
            .iter()
            .map(|&(item, count)| (item.to_string(), count))
            .collect()
    }

    fn row<'a>(rows: &'a [Keyness], item: &str) -> &'a Keyness {
        rows.iter().find(|r| r.item == item).unwrap()
    }

    fn close(actual: f64, expected: f64) {
        assert!(
            (actual - expected).abs() < 1e-9,
            "{actual} differs from {expected}"
        );
    }

    /// Group i: a 10, b 5, c 0 of n_i = 100; group j: a 2, b 5, c 8 of n_j = 120.
    fn worked_example(prior: &Prior, min_count: u64) -> Vec<Keyness> {
        let i = counts(&[("a", 10), ("b", 5), ("c", 0)]);
        let j = counts(&[("a", 2), ("b", 5), ("c", 8)]);
        log_odds(
            GroupCounts {
                counts: &i,
                total: 100,
            },
            GroupCounts {
                counts: &j,
                total: 120,
            },
            prior,
            min_count,
        )
    }

    #[test]
    fn uniform_prior_matches_the_hand_worked_example() {
        // Uniform alpha = 1: a_w = 1 for a, b and c, a_0 = 3 × 1 = 3.
        //
        // Item a (y_ai = 10, y_aj = 2):
        //   group i: (10 + 1) / (100 + 3 - 10 - 1) = 11 / 92
        //            ln 11 - ln 92 = 2.397895273 - 4.521788577 = -2.123893304
        //   group j: (2 + 1) / (120 + 3 - 2 - 1) = 3 / 120 = 0.025
        //            ln 0.025 = -3.688879454
        //   delta = -2.123893304 - (-3.688879454) = 1.564986150
        //   var   = 1/11 + 1/3 = 0.090909091 + 0.333333333 = 0.424242424
        //   z     = 1.564986150 / sqrt(0.424242424) = 1.564986150 / 0.651338947 = 2.402721588
        //
        // Item b (5 and 5): delta = ln(6/97) - ln(6/117) = ln(117/97) = 0.187462956,
        //   var = 1/6 + 1/6 = 1/3, z = 0.187462956 / 0.577350269 = 0.324695365.
        //
        // Item c (0 and 8): ln(1/102) - ln(9/114) = -4.624972813 + 2.538973871
        //   = -2.085998942, var = 1/1 + 1/9 = 1.111111111,
        //   z = -2.085998942 / 1.054092553 = -1.978952356.
        let rows = worked_example(&Prior::Uniform { alpha: 1.0 }, 0);
        let items: Vec<&str> = rows.iter().map(|r| r.item.as_str()).collect();
        assert_eq!(items, ["a", "b", "c"]);

        let a = row(&rows, "a");
        assert_eq!((a.count_i, a.count_j), (10, 2));
        close(a.delta, 1.564986150);
        close(a.delta, (11.0_f64 / 92.0).ln() - (3.0_f64 / 120.0).ln());
        close(a.variance, 1.0 / 11.0 + 1.0 / 3.0);
        close(a.z, 2.402721588);

        let b = row(&rows, "b");
        close(b.delta, (117.0_f64 / 97.0).ln());
        close(b.variance, 1.0 / 3.0);
        close(b.z, 0.324695365);

        let c = row(&rows, "c");
        assert_eq!((c.count_i, c.count_j), (0, 8));
        close(c.delta, -2.085998942);
        close(c.variance, 1.0 + 1.0 / 9.0);
        close(c.z, -1.978952356);
    }

    #[test]
    fn pooled_prior_matches_the_hand_worked_example() {
        // Group i: x 6, y 4 of n_i = 40; group j: x 2, y 8 of n_j = 60; n_i + n_j = 100.
        // Pooled scale = 10: a_x = 10 × (6 + 2) / 100 = 0.8, a_y = 10 × 12 / 100 = 1.2,
        // a_0 = 10 (not a_x + a_y = 2: the other words the totals count share the rest).
        //
        // Item x:
        //   group i: (6 + 0.8) / (40 + 10 - 6 - 0.8) = 6.8 / 43.2
        //   group j: (2 + 0.8) / (60 + 10 - 2 - 0.8) = 2.8 / 67.2
        //   delta = ln((6.8 × 67.2) / (43.2 × 2.8)) = ln(456.96 / 120.96) = ln(34/9)
        //         = 1.329135947
        //   var   = 1/6.8 + 1/2.8 = 0.147058824 + 0.357142857 = 0.504201681
        //   z     = 1.329135947 / 0.710071602 = 1.871833689
        //
        // Item y: delta = ln(5.2/44.8) - ln(9.2/60.8) = ln(316.16/412.16) = -0.265163209,
        //   var = 1/5.2 + 1/9.2 = 0.301003344, z = -0.483312030.
        let i = counts(&[("x", 6), ("y", 4)]);
        let j = counts(&[("x", 2), ("y", 8)]);
        let group_i = GroupCounts {
            counts: &i,
            total: 40,
        };
        let group_j = GroupCounts {
            counts: &j,
            total: 60,
        };
        let rows = log_odds(
            group_i.clone(),
            group_j.clone(),
            &Prior::Pooled { scale: 10.0 },
            0,
        );
        let x = row(&rows, "x");
        close(x.delta, (34.0_f64 / 9.0).ln());
        close(x.delta, 1.329135947);
        close(x.variance, 1.0 / 6.8 + 1.0 / 2.8);
        close(x.z, 1.871833689);
        let y = row(&rows, "y");
        close(y.delta, (316.16_f64 / 412.16).ln());
        close(y.variance, 1.0 / 5.2 + 1.0 / 9.2);
        close(y.z, -0.483312030);

        // A tenth of the data is the same prior here: 0.1 × (40 + 60) = 10.
        let fraction = log_odds(
            group_i,
            group_j,
            &Prior::PooledFraction { fraction: 0.1 },
            0,
        );
        assert_eq!(fraction.len(), rows.len());
        for (a, b) in fraction.iter().zip(&rows) {
            assert_eq!(a.item, b.item);
            close(a.delta, b.delta);
            close(a.variance, b.variance);
            close(a.z, b.z);
        }
        assert_eq!(
            Prior::default(),
            Prior::PooledFraction {
                fraction: Prior::DEFAULT_FRACTION
            }
        );
    }

    #[test]
    fn pooled_prior_gives_no_keyness_to_equal_rates_in_groups_of_unequal_size() {
        // 2 of 100 words and 10 of 500: the same rate, whatever the prior's weight.
        let i = counts(&[("w", 2)]);
        let j = counts(&[("w", 10)]);
        for prior in [
            Prior::default(),
            Prior::PooledFraction { fraction: 1.0 },
            Prior::Pooled { scale: 5000.0 },
        ] {
            let rows = log_odds(
                GroupCounts {
                    counts: &i,
                    total: 100,
                },
                GroupCounts {
                    counts: &j,
                    total: 500,
                },
                &prior,
                0,
            );
            assert!(rows[0].delta.abs() < 1e-12, "{prior:?}: {:?}", rows[0]);
        }
    }

    #[test]
    fn swapping_the_groups_negates_delta_and_z() {
        let i = counts(&[("a", 10), ("b", 5), ("c", 0), ("d", 1)]);
        let j = counts(&[("a", 2), ("b", 5), ("c", 8), ("e", 3)]);
        let group_i = GroupCounts {
            counts: &i,
            total: 100,
        };
        let group_j = GroupCounts {
            counts: &j,
            total: 120,
        };
        for prior in [
            Prior::default(),
            Prior::Pooled { scale: 50.0 },
            Prior::Uniform { alpha: 0.5 },
        ] {
            let forward = log_odds(group_i.clone(), group_j.clone(), &prior, 0);
            let backward = log_odds(group_j.clone(), group_i.clone(), &prior, 0);
            assert_eq!(forward.len(), 5);
            assert_eq!(forward.len(), backward.len());
            for f in &forward {
                let b = row(&backward, &f.item);
                assert_eq!((f.count_i, f.count_j), (b.count_j, b.count_i));
                close(f.delta, -b.delta);
                close(f.variance, b.variance);
                close(f.z, -b.z);
            }
        }
    }

    #[test]
    fn min_count_filters_rows_but_not_the_prior_vocabulary() {
        let all = worked_example(&Prior::Uniform { alpha: 1.0 }, 0);
        // a: 12, b: 10, c: 8 over both groups.
        let filtered = worked_example(&Prior::Uniform { alpha: 1.0 }, 10);
        let items: Vec<&str> = filtered.iter().map(|r| r.item.as_str()).collect();
        assert_eq!(items, ["a", "b"]);
        // a_0 is still 3: the rows left are unchanged.
        assert_eq!(&filtered[..], &all[..2]);
        assert!(worked_example(&Prior::Uniform { alpha: 1.0 }, 13).is_empty());
    }

    #[test]
    fn items_counted_nowhere_are_not_in_the_vocabulary() {
        let i = counts(&[("a", 10), ("b", 5), ("c", 0), ("ghost", 0)]);
        let j = counts(&[("a", 2), ("b", 5), ("c", 8), ("ghost", 0)]);
        let rows = log_odds(
            GroupCounts {
                counts: &i,
                total: 100,
            },
            GroupCounts {
                counts: &j,
                total: 120,
            },
            &Prior::Uniform { alpha: 1.0 },
            0,
        );
        // "ghost" is neither returned nor counted in a_0 (still 3).
        assert_eq!(rows, worked_example(&Prior::Uniform { alpha: 1.0 }, 0));
    }

    #[test]
    fn rows_are_sorted_by_z_descending_then_by_item() {
        let i = counts(&[("zeta", 4), ("alpha", 4), ("mid", 3), ("low", 0)]);
        let j = counts(&[("zeta", 1), ("alpha", 1), ("mid", 3), ("low", 6)]);
        let rows = log_odds(
            GroupCounts {
                counts: &i,
                total: 50,
            },
            GroupCounts {
                counts: &j,
                total: 50,
            },
            &Prior::default(),
            2,
        );
        let items: Vec<&str> = rows.iter().map(|r| r.item.as_str()).collect();
        assert_eq!(items, ["alpha", "zeta", "mid", "low"]);
        assert_eq!(rows[0].z, rows[1].z);
        assert!(rows.windows(2).all(|w| w[0].z >= w[1].z));
        assert!(rows[3].z < 0.0);
    }

    #[test]
    fn items_without_finite_log_odds_are_left_out() {
        // "only" is the whole of both groups: nothing is left to compare it with.
        let i = counts(&[("only", 5)]);
        let j = counts(&[("only", 7)]);
        let rows = log_odds(
            GroupCounts {
                counts: &i,
                total: 5,
            },
            GroupCounts {
                counts: &j,
                total: 7,
            },
            &Prior::default(),
            0,
        );
        assert!(rows.is_empty());
    }

    #[test]
    fn the_rest_of_a_group_is_the_sum_of_the_others() {
        let first = counts(&[("a", 1), ("b", 2)]);
        let second = counts(&[("a", 10), ("c", 5)]);
        let third = counts(&[("b", 3), ("c", 0), ("d", 4)]);
        let groups = [
            GroupCounts {
                counts: &first,
                total: 10,
            },
            GroupCounts {
                counts: &second,
                total: 20,
            },
            GroupCounts {
                counts: &third,
                total: 30,
            },
        ];
        let pooled = Pooled::of(&groups);
        let (rest, total) = pooled.without(&groups[1]);
        assert_eq!(rest, counts(&[("a", 1), ("b", 5), ("d", 4)]));
        assert_eq!(total, 40);
        let (rest, total) = pooled.without(&groups[2]);
        assert_eq!(rest, counts(&[("a", 11), ("b", 2), ("c", 5)]));
        assert_eq!(total, 30);
        let (rest, total) = pooled.without(&groups[0]);
        assert_eq!(rest, counts(&[("a", 10), ("b", 3), ("c", 5), ("d", 4)]));
        assert_eq!(total, 50);
    }
}
