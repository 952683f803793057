#!/usr/bin/env bash
# The GitHub Action's one step (action.yml): install shipshape, lint Dockerfiles, inspect images and scan them for
# known vulnerabilities, write the annotations, one merged SARIF file, the outputs and a Markdown job summary, and
# exit by `fail-on` (and `scan-fail-on` for the scan).
# Runs anywhere with the variables GitHub sets (tests/CI: Tests/CLITests/ActionTests.swift):
#   GITHUB_WORKSPACE, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_PATH (optional), RUNNER_TEMP (optional)
# and the inputs as INPUT_* variables:
#   INPUT_VERSION      release to install: 0.1.0, v0.1.0 or latest (ignored with INPUT_SHIPSHAPE)
#   INPUT_SHIPSHAPE    a shipshape binary already installed: no download
#   INPUT_RELEASE_URL  where the release archives are (default: this action's repository's GitHub releases)
#   INPUT_LINT         paths to lint, one per line or space-separated ("." when neither lint nor inspect is given)
#   INPUT_INSPECT      images to inspect, one per line
#   INPUT_SCAN         images to scan for known vulnerabilities, one per line
#   INPUT_SCAN_FAIL_ON critical | high (default) | medium | low | unknown | none: scan's own severity scale
#   INPUT_DB           the vulnerability database file (SHIPSHAPE_DB; default: shipshape's own, ~/.cache/shipshape)
#   INPUT_DB_IMPORT    OSV sources to `db import` first, one per line (an all.zip, a directory of records, files)
#   INPUT_DB_UPDATE    ecosystems to `db update` first (PyPI Debian ...), or true for db update's own choice
#   INPUT_FAIL_ON      error | warning (default) | info | none
#   INPUT_CONFIG       .shipshape.yml to use for lint (default: the nearest one above each Dockerfile)
#   INPUT_ANNOTATIONS  true (default): findings as workflow annotations on the pull request
#   INPUT_SARIF_FILE   where to write the SARIF (default: $RUNNER_TEMP/shipshape.sarif)
# Exit codes: those of shipshape (0 clean, 1 findings at or above fail-on, 2 unreadable input or no database), 64 bad
# inputs.
set -euo pipefail

die() {  # code message
    echo "::error title=shipshape action::$2" >&2
    exit "$1"
}
for variable in GITHUB_WORKSPACE GITHUB_OUTPUT GITHUB_STEP_SUMMARY; do
    [ -n "${!variable:-}" ] || die 64 "$variable is not set (this script runs as a GitHub Actions step)"
done
command -v jq >/dev/null || die 64 "jq is needed (GitHub's runners have it; apt-get install jq)"
temp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
fail_on=${INPUT_FAIL_ON:-warning}
case "$fail_on" in
    error|warning|info|none) ;;
    *) die 64 "fail-on must be error, warning, info or none, not '$fail_on'" ;;
esac
scan_fail_on=${INPUT_SCAN_FAIL_ON:-high}
case "$scan_fail_on" in
    critical|high|medium|low|unknown|none) ;;
    *) die 64 "scan-fail-on must be critical, high, medium, low, unknown or none, not '$scan_fail_on'" ;;
esac
if [ -n "${INPUT_DB:-}" ]; then export SHIPSHAPE_DB="$INPUT_DB"; fi
annotations=${INPUT_ANNOTATIONS:-true}
sarif_file=${INPUT_SARIF_FILE:-$temp/shipshape.sarif}

# --- install -----------------------------------------------------------------------------------------------------
install_release() {
    local version=${INPUT_VERSION:-latest} repository=${GITHUB_ACTION_REPOSITORY:-}
    # Composite actions often see an empty github.action_repository (actions/runner#2525); the action's own
    # checkout, GITHUB_ACTION_PATH = .../_actions/OWNER/REPO/REF, names it too.
    if [ -z "$repository" ] && [[ "${GITHUB_ACTION_PATH:-}" =~ /_actions/([^/]+)/([^/]+)/[^/]+/?$ ]]; then
        repository="${BASH_REMATCH[1]}/${BASH_REMATCH[2]}"
    fi
    local base=${INPUT_RELEASE_URL:-}
    if [ -z "$base" ]; then
        # A vendored copy (uses: ./PATH) has no repository to name: it must say where the releases are.
        [ -n "$repository" ] || die 64 "no release-url and no action repository to download from (a vendored copy, \
uses: ./PATH, needs release-url or shipshape)"
        base="${GITHUB_SERVER_URL:-https://github.com}/$repository/releases"
    fi
    if [ "$version" = latest ]; then
        # The latest release's page redirects to .../tag/vVERSION.
        local url
        url=$(curl -fsSLI -o /dev/null -w '%{url_effective}' "$base/latest") || die 2 "cannot reach $base/latest"
        version=${url##*/}
    fi
    version=${version#v}
    [[ "$version" =~ ^[0-9A-Za-z.+-]+$ ]] || die 64 "version '$version' is not a release version"
    local arch
    case "$(uname -m)" in
        x86_64) arch=amd64 ;;
        aarch64|arm64) arch=arm64 ;;
        *) die 2 "no shipshape release for $(uname -m)" ;;
    esac
    local name="shipshape-$version-linux-$arch" directory="$temp/shipshape-install"
    rm -rf "$directory" && mkdir -p "$directory"
    curl -fsSL --retry 3 -o "$directory/$name.tar.gz" "$base/download/v$version/$name.tar.gz" \
        || die 2 "cannot download $base/download/v$version/$name.tar.gz"
    curl -fsSL --retry 3 -o "$directory/SHA256SUMS" "$base/download/v$version/SHA256SUMS" \
        || die 2 "cannot download $base/download/v$version/SHA256SUMS"
    # Only the archive's own line: a SHA256SUMS without it is a failure, not a pass.
    grep -E "^[0-9a-f]{64}  $name\.tar\.gz\$" "$directory/SHA256SUMS" > "$directory/check" \
        || die 2 "SHA256SUMS has no checksum for $name.tar.gz"
    (cd "$directory" && sha256sum --quiet -c check) >/dev/null 2>&1 \
        || die 2 "$name.tar.gz does not match its checksum in SHA256SUMS"
    tar -xzf "$directory/$name.tar.gz" -C "$directory"
    shipshape="$directory/$name/bin/shipshape"
    [ -x "$shipshape" ] || die 2 "$name.tar.gz has no bin/shipshape"
}

if [ -n "${INPUT_SHIPSHAPE:-}" ]; then
    shipshape=$INPUT_SHIPSHAPE
    [ -x "$shipshape" ] || die 64 "shipshape '$shipshape' is not an executable"
else
    install_release
fi
shipshape=$(cd "$(dirname "$shipshape")" && pwd)/$(basename "$shipshape")
version=$("$shipshape" --version) || die 2 "$shipshape does not run"
if [ -n "${GITHUB_PATH:-}" ]; then dirname "$shipshape" >> "$GITHUB_PATH"; fi
echo "shipshape $version: $shipshape"

# --- run ---------------------------------------------------------------------------------------------------------
cd "$GITHUB_WORKSPACE"
lint_paths=()
while read -r -a words; do lint_paths+=("${words[@]}"); done <<< "${INPUT_LINT:-}"
images=()
while IFS= read -r line; do
    line=${line#"${line%%[![:space:]]*}"}
    line=${line%"${line##*[![:space:]]}"}
    [ -z "$line" ] || images+=("$line")
done <<< "${INPUT_INSPECT:-}"
lines() {  # the non-empty lines of $1, trimmed, into the array named $2
    local -n into=$2
    local line
    while IFS= read -r line; do
        line=${line#"${line%%[![:space:]]*}"}
        line=${line%"${line##*[![:space:]]}"}
        [ -z "$line" ] || into+=("$line")
    done <<< "$1"
}
scans=()
lines "${INPUT_SCAN:-}" scans
db_imports=()
lines "${INPUT_DB_IMPORT:-}" db_imports
db_update=()
while read -r -a words; do db_update+=("${words[@]}"); done <<< "${INPUT_DB_UPDATE:-}"
if [ ${#lint_paths[@]} -eq 0 ] && [ ${#images[@]} -eq 0 ] && [ ${#scans[@]} -eq 0 ]; then lint_paths=(.); fi

work=$(mktemp -d "$temp/shipshape-run.XXXXXX")
trap 'rm -rf "$work"' EXIT
status=0
note_status() {  # a command's exit code: the worst one wins (2 over 1 over 0)
    if [ "$1" -gt "$status" ]; then status=$1; fi
}
sarifs=()
jsons=()
markdowns=()
summaries=()  # the title of each folded report in markdowns

if [ ${#lint_paths[@]} -gt 0 ]; then
    lint=("$shipshape" lint --color never --fail-on "$fail_on")
    if [ -n "${INPUT_CONFIG:-}" ]; then lint+=(--config "$INPUT_CONFIG"); fi
    code=0
    "${lint[@]}" --format json -- "${lint_paths[@]}" > "$work/lint.json" || code=$?
    note_status "$code"
    if [ "$code" -le 1 ]; then
        jsons+=("$work/lint.json")
        "${lint[@]}" --format sarif -- "${lint_paths[@]}" > "$work/lint.sarif" || true
        sarifs+=("$work/lint.sarif")
        if [ "$annotations" = true ]; then "${lint[@]}" --format github -- "${lint_paths[@]}" || true; fi
    fi
fi

annotate_image() {  # a report's findings, tagged with their image, as annotations
    # Image findings have no line to point at: annotations on the run, the image and path in the title.
    jq -r '
        def data: gsub("%"; "%25") | gsub("\r"; "%0D") | gsub("\n"; "%0A");
        def property: data | gsub(":"; "%3A") | gsub(","; "%2C");
        .findings[]
        | "::\(if .severity == "info" then "notice" else .severity end) title="
          + ("\(.rule) \(.name) in \(.image)\(if .path then " " + .path else "" end)" | property)
          + "::" + (.message + (if .hint then "\n" + .hint else "" end) | data)
    ' "$1"
}

index=0
for image in "${images[@]}"; do
    index=$((index + 1))
    code=0
    "$shipshape" inspect --color never --fail-on "$fail_on" --format json -- "$image" > "$work/inspect-$index.json" \
        || code=$?
    note_status "$code"
    [ "$code" -le 1 ] || continue
    # The image a finding belongs to, for the summary and the annotations.
    jq --arg image "$image" '.findings |= map(. + {image: $image})' "$work/inspect-$index.json" > "$work/tagged.json"
    mv "$work/tagged.json" "$work/inspect-$index.json"
    jsons+=("$work/inspect-$index.json")
    "$shipshape" inspect --color never --fail-on "$fail_on" --format sarif -- "$image" > "$work/inspect-$index.sarif" \
        || true
    sarifs+=("$work/inspect-$index.sarif")
    # The image's own report (layers, waste, findings) for the job summary.
    "$shipshape" inspect --color never --fail-on none --format markdown -- "$image" > "$work/inspect-$index.md" \
        || true
    markdowns+=("$work/inspect-$index.md")
    summaries+=("Image report")
    if [ "$annotations" = true ]; then annotate_image "$work/inspect-$index.json"; fi
done

# --- scan: the database first (import and/or update), then each image ---------------------------------------------
database_failed=false
if [ ${#scans[@]} -gt 0 ] || [ ${#db_imports[@]} -gt 0 ] || [ ${#db_update[@]} -gt 0 ]; then
    if [ ${#db_imports[@]} -gt 0 ]; then
        "$shipshape" db import -- "${db_imports[@]}" || database_failed=true
    fi
    if [ ${#db_update[@]} -gt 0 ]; then
        update=("$shipshape" db update)
        if [ "${db_update[*]}" != true ]; then
            for ecosystem in "${db_update[@]}"; do update+=(--ecosystem "$ecosystem"); done
        fi
        "${update[@]}" || database_failed=true
    fi
    if [ "$database_failed" = true ]; then
        echo "::error title=shipshape action::the vulnerability database could not be prepared: no scan was run" >&2
        note_status 2
    fi
fi
index=0
for image in "${scans[@]}"; do
    [ "$database_failed" = false ] || break
    index=$((index + 1))
    code=0
    scan=("$shipshape" scan --color never --fail-on "$scan_fail_on")
    "${scan[@]}" --format json -- "$image" > "$work/scan-$index.json" || code=$?
    note_status "$code"
    [ "$code" -le 1 ] || continue
    jq --arg image "$image" '.findings |= map(. + {image: $image})' "$work/scan-$index.json" > "$work/tagged.json"
    mv "$work/tagged.json" "$work/scan-$index.json"
    jsons+=("$work/scan-$index.json")
    "${scan[@]}" --format sarif -- "$image" > "$work/scan-$index.sarif" || true
    sarifs+=("$work/scan-$index.sarif")
    "$shipshape" scan --color never --fail-on none --format markdown -- "$image" > "$work/scan-$index.md" || true
    markdowns+=("$work/scan-$index.md")
    summaries+=("Vulnerability report")
    if [ "$annotations" = true ]; then annotate_image "$work/scan-$index.json"; fi
done

# --- SARIF: one file, one run, for github/codeql-action/upload-sarif ----------------------------------------------
if [ ${#sarifs[@]} -gt 0 ]; then
    mkdir -p "$(dirname "$sarif_file")"
    jq -s '
        .[0] + {runs: [.[0].runs[0] + {
            results: [.[].runs[].results[]],
            tool: {driver: (.[0].runs[0].tool.driver + {rules: ([.[].runs[].tool.driver.rules[]] | unique_by(.id))})}
        }]}
    ' "${sarifs[@]}" > "$sarif_file"
fi

# --- outputs and the job summary ----------------------------------------------------------------------------------
if [ ${#jsons[@]} -gt 0 ]; then
    jq -s '[.[].findings[]]' "${jsons[@]}" > "$work/findings.json"
else
    echo '[]' > "$work/findings.json"
fi
count() { jq --arg s "$1" '[.[] | select($s == "" or .severity == $s)] | length' "$work/findings.json"; }
total=$(count "")
errors=$(count error)
warnings=$(count warning)
infos=$(count info)
{
    echo "findings=$total"
    echo "errors=$errors"
    echo "warnings=$warnings"
    echo "infos=$infos"
    echo "exit-code=$status"
    echo "shipshape=$shipshape"
    echo "version=$version"
    if [ ${#sarifs[@]} -gt 0 ]; then echo "sarif=$sarif_file"; else echo "sarif="; fi
} >> "$GITHUB_OUTPUT"

thresholds="fail-on: $fail_on"
if [ ${#scans[@]} -gt 0 ]; then thresholds+=", scan-fail-on: $scan_fail_on"; fi
case $status in
    0) verdict="passed ($thresholds)" ;;
    1) verdict="failed: findings at or above the threshold ($thresholds)" ;;
    *) verdict="failed: an input could not be read (see the log)" ;;
esac
{
    echo "## Shipshape $version"
    echo
    echo "Findings: $total (errors: $errors, warnings: $warnings, info: $infos); $verdict."
    if [ "$total" -gt 0 ]; then
        echo
        echo "| severity | rule | where | message |"
        echo "|---|---|---|---|"
        # Every cell is text: Markdown and HTML characters escaped, one line.
        jq -r '
            def cell: gsub("&"; "&amp;") | gsub("<"; "&lt;") | gsub(">"; "&gt;") | gsub("\\|"; "&#124;")
                | gsub("`"; "&#96;") | gsub("\\*"; "&#42;") | gsub("_"; "&#95;") | gsub("\\["; "&#91;")
                | gsub("[\r\n\t]"; " ") | gsub("[\u0000-\u001f\u007f]"; "");
            .[]
            | [.severity, "\(.rule) \(.name)",
               (if .file then "\(.file)\(if .line then ":\(.line)" else "" end)"
                else "\(.image // "")\(if .path then " " + .path else "" end)" end),
               .message]
            | "| " + (map(tostring | cell) | join(" | ")) + " |"
        ' "$work/findings.json"
    fi
    # Each inspected image's report and each scan's, folded (shipshape escapes what comes from the image).
    for i in "${!markdowns[@]}"; do
        echo
        echo "<details><summary>${summaries[$i]}</summary>"
        echo
        cat "${markdowns[$i]}"
        echo
        echo "</details>"
    done
} >> "$GITHUB_STEP_SUMMARY"
exit "$status"
