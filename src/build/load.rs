//! The load stage, the only one that reads the site: site.yaml, the templates, the cases
//! and pages, the static files. What a run can reuse from the last one (the settings, the
//! compiled templates, the parsed cases) is kept here and read again only when a changed
//! path touches it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::Tera;

use crate::config::{self, Config};
use crate::content::{self, Content, ParseCache};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::OutputFile;
use crate::sources::SiteRoot;
use crate::templates;

/// The templates, compiled, with the fingerprint of their sources.
pub struct Templates {
    pub tera: Tera,
    pub fingerprint: u64,
}

/// What the load stage keeps between runs.
#[derive(Default)]
pub struct LoadCache {
    config: Option<Config>,
    templates: Option<Arc<Templates>>,
    parse: ParseCache,
}

/// What one run loaded.
pub struct Loaded {
    pub config: Config,
    pub templates: Arc<Templates>,
    pub content: Content,
    pub statics: Vec<OutputFile>,
}

impl LoadCache {
    pub fn config(&self) -> Option<&Config> {
        self.config.as_ref()
    }

    pub fn templates(&self) -> Option<Arc<Templates>> {
        self.templates.clone()
    }

    /// Forget the parsed cases (a one-off build needs them no more once loaded).
    pub fn forget_parses(&mut self) {
        self.parse = ParseCache::default();
    }

    pub fn parse_cache(&mut self) -> &mut ParseCache {
        &mut self.parse
    }

    /// Load what `changed` touches (everything when it is empty or nothing is kept yet).
    /// Every problem of every file is listed.
    pub fn load(
        &mut self,
        site: &SiteRoot,
        opts: &crate::BuildOptions,
        changed: &[PathBuf],
    ) -> Result<Loaded, Diagnostics> {
        let root = site.path();
        let all = changed.is_empty();
        let touches =
            |p: &Path| all || changed.iter().any(|c| c.starts_with(p) || p.starts_with(c));
        if self.config.is_none() || touches(&root.join(config::CONFIG_FILE)) {
            // Forgotten first: a site.yaml that fails is read again on the next run.
            self.config = None;
            let config = config::load(site).and_then(|c| match &opts.base_url {
                Some(url) => c.with_base_url(url).map_err(|m| {
                    Diagnostics::from(
                        Diagnostic::new("--base-url", m)
                            .hint(crate::messages::site::base_url_flag_hint()),
                    )
                }),
                None => Ok(c),
            })?;
            // The vocabulary decides which cases are valid: parse them all again.
            self.parse = ParseCache::default();
            self.config = Some(config);
        }
        let config = self.config.clone().expect("set above");
        let theme_dir = templates::theme_dir(root, &config.theme);
        let reload_templates = self.templates.is_none()
            || touches(&theme_dir.join("templates"))
            || touches(&root.join("templates"));
        // Every problem at once: the templates' and the content's.
        let templates = if reload_templates {
            Some(templates::load(site, &config.theme).and_then(|sources| {
                let tera = templates::compile(&sources)?;
                let fingerprint = sources.fingerprint();
                Ok(Arc::new(Templates { tera, fingerprint }))
            }))
        } else {
            None
        };
        if all {
            self.parse = ParseCache::default();
        } else {
            self.parse.invalidate(changed);
        }
        let content = content::load_cached(site, &config, opts.drafts, &mut self.parse);
        let statics = crate::static_files(site, &config.theme);
        let mut errors = Diagnostics::default();
        let templates = match templates {
            Some(Ok(t)) => Some(t),
            Some(Err(e)) => {
                // Read again on the next run, whatever it changes.
                self.templates = None;
                errors.extend(e.0);
                None
            }
            None => None,
        };
        let (content, statics) = match (content, statics) {
            (Ok(c), Ok(s)) if errors.is_empty() => (c, s),
            (c, s) => {
                errors.extend(c.err().into_iter().flat_map(|d| d.0));
                errors.extend(s.err().into_iter().flat_map(|d| d.0));
                return Err(errors);
            }
        };
        if let Some(t) = templates {
            self.templates = Some(t);
        }
        Ok(Loaded {
            config,
            templates: self.templates.clone().expect("loaded above or kept"),
            content,
            statics,
        })
    }
}
