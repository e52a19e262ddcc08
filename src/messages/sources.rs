//! Messages: sources.

use crate::catalogue;
#[allow(unused_imports)]
use crate::lang::plural;

catalogue! {}
