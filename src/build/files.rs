//! The files of a site besides its HTML pages: feeds and the catalogue, each case's own
//! files, and the static files.

use std::collections::HashSet;

use crate::feeds::{self, FeedCache};
use crate::model::Model;
use crate::output::OutputFile;
use crate::urls::Route;

/// Atom feeds, sitemap and the case catalogue (JSON, CSV). `patched`: after
/// `model::replace_case` of these cases only, the catalogue is patched, not redone.
pub fn feed_files(model: &Model, cache: &mut FeedCache, patched: &[usize]) -> Vec<OutputFile> {
    let page_routes: Vec<Route> = model.pages.iter().map(|p| p.route.clone()).collect();
    let mut files = vec![feeds::atom(model)];
    files.extend(feeds::category_atoms(model));
    if patched.is_empty() {
        files.extend(feeds::catalogue(model, &page_routes, cache));
    } else {
        files.extend(feeds::catalogue_patch(model, patched, &page_routes, cache));
    }
    files
}

/// Every file of the site but its pages and search index: feeds and data, each case's own
/// files, and the static files (site-level ones win over the theme's; generated files win
/// over both).
pub fn site_files(model: &Model, statics: &[OutputFile], cache: &mut FeedCache) -> Vec<OutputFile> {
    let mut files = feed_files(model, cache, &[]);
    for cm in model.cases.iter() {
        if let Some(dir) = &cm.case.dir {
            for rel in &cm.case.assets {
                let rel_str = rel.to_string_lossy().replace('\\', "/");
                files.push(OutputFile::copy(
                    format!("{}{}", cm.route.dir(), rel_str),
                    dir.join(rel),
                ));
            }
        }
    }
    let mut seen: HashSet<String> = files.iter().map(|f| f.path.clone()).collect();
    for s in statics.iter().rev() {
        if seen.insert(s.path.clone()) {
            files.push(s.clone());
        }
    }
    files
}
