//! Fuzz target `voice`: see `checks::voice` for what it asserts.

#![no_main]

#[allow(dead_code)] // each target calls one of the checks
#[path = "checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::voice(data));
