//! `slant` shows how news sources frame the same event.
//!
//! Data flows one way: [`input`] reads documents, [`text`] folds and segments them,
//! [`scan`] finds lexicon terms, [`voice`] tells the outlet's own voice from quoted
//! speech, [`analysis`] tallies, and [`report`] renders. [`lexicon`] loads the term lists
//! that drive the scan.

pub mod analysis;
pub mod check;
pub mod cli;
pub mod commands;
pub mod config;
pub mod error;
pub mod fix;
pub mod input;
pub mod lexicon;
pub mod report;
pub mod scan;
pub mod text;
pub mod voice;

pub use error::{Error, Result, Warning};
