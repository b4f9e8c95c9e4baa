//! Fitting a table to a width: every column keeps its natural width when all fit;
//! otherwise the wide ones share what the narrow ones leave, and cells wrap at word
//! boundaries (textwrap, which does not count colour codes).

use tabled::grid::util::string::get_text_width;

/// Wraps the cells of `records` (rows of equal length; `section_rows` are single cells
/// spanning the table and are left alone) so the table fits in `width` terminal columns.
pub(crate) fn fit_records(records: &mut [Vec<String>], section_rows: &[usize], width: usize) {
    let widths = fit_columns(&natural_widths(records, section_rows), width);
    for record in records.iter_mut() {
        if record.len() == widths.len() {
            for (cell, width) in record.iter_mut().zip(&widths) {
                *cell = wrap(cell, *width);
            }
        }
    }
}

/// Wraps each line of `cell` at word boundaries to `width` columns (colour codes take none).
fn wrap(cell: &str, width: usize) -> String {
    cell.lines()
        .flat_map(|line| textwrap::wrap(line, width))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The widest line of each column, section rows left out (they span the table).
fn natural_widths(records: &[Vec<String>], section_rows: &[usize]) -> Vec<usize> {
    let columns = records.first().map_or(0, Vec::len);
    let mut widths = vec![0; columns];
    for (index, record) in records.iter().enumerate() {
        if section_rows.contains(&index) {
            continue;
        }
        for (column, cell) in record.iter().enumerate() {
            widths[column] = widths[column].max(get_text_width(cell));
        }
    }
    widths
}

/// Column content widths that fit `total` columns of terminal: every column gets its
/// natural width if all fit; otherwise narrow columns keep theirs and the wide ones share
/// what is left equally (max-min fairness), never below [`MIN_COLUMN`].
fn fit_columns(natural: &[usize], total: usize) -> Vec<usize> {
    let borders = 3 * natural.len() + 1;
    let mut available = total.saturating_sub(borders);
    let mut widths = vec![0; natural.len()];
    let mut open: Vec<usize> = (0..natural.len()).collect();
    // The first column names the row: it keeps up to FIRST_COLUMN characters when the
    // others can still have their minimum.
    let first = natural.first().map_or(0, |w| (*w).min(FIRST_COLUMN));
    let others = natural.len().saturating_sub(1).max(1);
    if natural.len() > 1 && available.saturating_sub(first) / others >= MIN_COLUMN {
        widths[0] = first.max(1);
        available -= widths[0];
        open.remove(0);
    }
    open.sort_by_key(|&column| natural[column]);
    let mut remaining = open.len();
    for column in open {
        let share = (available / remaining.max(1)).max(MIN_COLUMN);
        widths[column] = natural[column].min(share).max(1);
        available = available.saturating_sub(widths[column]);
        remaining -= 1;
    }
    widths
}

/// The narrowest a column is wrapped to, however many sources there are.
const MIN_COLUMN: usize = 10;

/// How much of its natural width the first column keeps before the others share the rest.
const FIRST_COLUMN: usize = 24;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_that_fit_keep_their_width() {
        assert_eq!(fit_columns(&[10, 20, 30], 100), [10, 20, 30]);
    }

    #[test]
    fn wide_columns_share_what_narrow_ones_leave() {
        // 100 - 10 border columns = 90; the 10 fits, the others split 80.
        assert_eq!(fit_columns(&[10, 60, 90], 100), [10, 40, 40]);
        // The first column keeps up to 24 of its 30 first; the others split 66.
        assert_eq!(fit_columns(&[30, 60, 90], 100), [24, 33, 33]);
    }

    #[test]
    fn columns_never_shrink_below_the_minimum() {
        assert!(
            fit_columns(&[50, 50, 50, 50, 50, 50, 50], 40)
                .iter()
                .all(|w| *w >= MIN_COLUMN)
        );
    }

    #[test]
    fn records_wrap_at_words_to_fit() {
        let mut records = vec![
            vec!["id".to_string(), "title".to_string()],
            vec![
                "nagorno-karabakh".to_string(),
                "Nagorno-Karabakh conflict and its many names".to_string(),
            ],
        ];
        fit_records(&mut records, &[], 40);
        assert_eq!(
            records[1][0], "nagorno-karabakh",
            "the narrow column keeps its width"
        );
        assert!(
            records[1][1]
                .lines()
                .all(|line| line.chars().count() <= 40 - 7 - 16)
        );
    }
}
