//! yokoten: a static-site generator for Japanese municipal DX case studies.

pub mod search;
