//! `cargo forklint`: package selection through `cargo metadata`, then
//! `forklint check` on the selected packages' target source directories.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context as _, Result, bail};
use clap::Parser;

use crate::cli::ExitStatus;
use crate::cli::args::CheckArgs;

#[derive(Debug, Parser)]
#[command(
    name = "cargo forklint",
    version,
    about = "Finds calls that are not async-signal-safe in fork children and pre_exec closures of a Cargo workspace",
    // `-p` is `--package` here, as in cargo; `--build-dir` stays long.
    mut_arg("build_dir", |arg| arg.short(None))
)]
struct CargoArgs {
    /// Path to Cargo.toml.
    #[arg(long, value_name = "PATH")]
    manifest_path: Option<PathBuf>,
    /// Package to check (repeatable); default: the package in the current
    /// directory, else the workspace's default members.
    #[arg(short = 'p', long = "package", value_name = "SPEC")]
    package: Vec<String>,
    /// Check every package of the workspace.
    #[arg(long)]
    workspace: bool,
    #[command(flatten)]
    check: CheckArgs,
}

/// A workspace package and the directories holding its targets' sources.
#[derive(Debug)]
struct Package {
    name: String,
    manifest_dir: PathBuf,
    manifest_path: PathBuf,
    source_dirs: Vec<PathBuf>,
    /// `[package.metadata.forklint]`.
    config: Option<serde_json::Value>,
}

pub fn run(args: Vec<std::ffi::OsString>) -> Result<ExitStatus> {
    let args: CargoArgs = match crate::cli::parse_args(args) {
        Ok(args) => args,
        Err(status) => return Ok(status),
    };
    let (members, default_members, workspace_config) = metadata(args.manifest_path.as_deref())?;
    let selected = select(&args, &members, &default_members)?;
    let mut paths = BTreeSet::new();
    for package in &selected {
        paths.extend(package.source_dirs.iter().cloned());
    }
    let mut check = args.check;
    check.paths = paths.into_iter().collect();
    // A `forklint.toml` (or `--config`) wins; then the first selected
    // package's metadata, then the workspace's.
    let mut loaded = crate::cli::check::load_config(&check)?;
    if loaded.path.is_none() {
        let from_package = selected
            .iter()
            .find_map(|p| p.config.clone().map(|c| (c, p.manifest_path.clone())));
        let from_workspace = workspace_config;
        if let Some((value, manifest)) = from_package.or(from_workspace) {
            let config: crate::config::Config = serde_json::from_value(value)
                .with_context(|| format!("invalid forklint metadata in {}", manifest.display()))?;
            loaded.config = config;
        }
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    crate::cli::check::run_with(&check, &loaded, &mut out)
}

fn select<'a>(
    args: &CargoArgs,
    members: &'a [Package],
    default_members: &[String],
) -> Result<Vec<&'a Package>> {
    if !args.package.is_empty() {
        let mut selected = Vec::new();
        for spec in &args.package {
            match members.iter().find(|p| &p.name == spec) {
                Some(package) => selected.push(package),
                None => bail!(
                    "package `{spec}` is not a member of the workspace (members: {})",
                    members
                        .iter()
                        .map(|p| p.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        }
        return Ok(selected);
    }
    if args.workspace {
        return Ok(members.iter().collect());
    }
    // The package whose directory holds the current directory, as cargo does.
    if args.manifest_path.is_none()
        && let Ok(cwd) = std::env::current_dir()
        && let Some(package) = members
            .iter()
            .filter(|p| cwd.starts_with(&p.manifest_dir))
            .max_by_key(|p| p.manifest_dir.components().count())
    {
        return Ok(vec![package]);
    }
    let defaults: Vec<&Package> = members
        .iter()
        .filter(|p| default_members.contains(&p.name))
        .collect();
    Ok(if defaults.is_empty() {
        members.iter().collect()
    } else {
        defaults
    })
}

/// The `[workspace.metadata.forklint]` table and the manifest it is in.
type WorkspaceConfig = Option<(serde_json::Value, PathBuf)>;

/// Workspace members (with their source directories), the default members'
/// names and the workspace's forklint metadata.
fn metadata(manifest_path: Option<&Path>) -> Result<(Vec<Package>, Vec<String>, WorkspaceConfig)> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.args(["metadata", "--format-version", "1", "--no-deps"]);
    if let Some(path) = manifest_path {
        command.arg("--manifest-path").arg(path);
    }
    let output = command.output().context("failed to run `cargo metadata`")?;
    if !output.status.success() {
        bail!(
            "`cargo metadata` failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).context("`cargo metadata` printed invalid JSON")?;
    let ids_of = |key: &str| -> Vec<String> {
        json[key]
            .as_array()
            .map(|ids| {
                ids.iter()
                    .filter_map(|id| id.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let member_ids = ids_of("workspace_members");
    let default_ids = ids_of("workspace_default_members");
    let mut members = Vec::new();
    let mut default_members = Vec::new();
    for package in json["packages"].as_array().into_iter().flatten() {
        let id = package["id"].as_str().unwrap_or_default();
        if !member_ids.iter().any(|m| m == id) {
            continue;
        }
        let name = package["name"].as_str().unwrap_or_default().to_string();
        let manifest_path = package["manifest_path"]
            .as_str()
            .map(PathBuf::from)
            .unwrap_or_default();
        let manifest_dir = manifest_path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let config = package["metadata"]["forklint"]
            .is_object()
            .then(|| package["metadata"]["forklint"].clone());
        let mut source_dirs: Vec<PathBuf> = package["targets"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|target| target["src_path"].as_str())
            .filter_map(|src| Path::new(src).parent().map(Path::to_path_buf))
            .collect();
        source_dirs.sort();
        source_dirs.dedup();
        // A directory inside another one is walked already.
        let roots: Vec<PathBuf> = source_dirs
            .iter()
            .filter(|dir| {
                !source_dirs
                    .iter()
                    .any(|other| other != *dir && dir.starts_with(other))
            })
            .cloned()
            .collect();
        if default_ids.iter().any(|d| d == id) {
            default_members.push(name.clone());
        }
        members.push(Package {
            name,
            manifest_dir,
            manifest_path,
            source_dirs: roots,
            config,
        });
    }
    let workspace_config = json["metadata"]["forklint"].is_object().then(|| {
        let root = json["workspace_root"]
            .as_str()
            .map(PathBuf::from)
            .unwrap_or_default();
        (
            json["metadata"]["forklint"].clone(),
            root.join("Cargo.toml"),
        )
    });
    Ok((members, default_members, workspace_config))
}
