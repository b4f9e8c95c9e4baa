//! Fuzz target `front_matter`: see `checks::front_matter` for what it asserts.

#![no_main]

#[allow(dead_code)] // each target calls one of the checks
#[path = "checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::front_matter(data));
