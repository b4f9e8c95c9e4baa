//! The `slant` binary.

fn main() {}
