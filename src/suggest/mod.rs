//! Suggestions built from the user's own code: machine-applicable fixes
//! (`fixes`), the posix_spawn rewrite of a fork+exec child (`spawn`) and
//! the advice to prepare data before the fork (`prepare`).

pub mod fixes;
pub mod prepare;
pub mod spawn;
pub mod text;
