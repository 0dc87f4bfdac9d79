"""The benchmark's results as a markdown table."""

from bench.city import Provisioning
from bench.rendering import CASES, Samples


def _verdict(ok: bool) -> str:
    return "✅ met" if ok else "❌ missed"


def markdown(
    machine: str,
    provisioning: Provisioning,
    renders: dict[tuple[str, str, int], Samples],
    *,
    small: int,
    big: int,
    provisioning_target: float,
    ratio_target: float,
    runtime: float,
) -> str:
    per_community_ms = provisioning.wall_s / provisioning.communities * 1000
    lines = [
        "# Jiayuan benchmark",
        "",
        f"Machine: {machine}",
        "",
        "## Provisioning (real service, fresh SQLite database, one transaction)",
        "",
        "| Communities | Wall time | CPU time | Per community | Queries per community | Target |",
        "|---:|---:|---:|---:|---:|---|",
        f"| {provisioning.communities} | {provisioning.wall_s:.1f} s | {provisioning.cpu_s:.1f} s "
        f"| {per_community_ms:.0f} ms | {provisioning.queries / provisioning.communities:.0f} "
        f"| < {provisioning_target:.0f} s (for 673): "
        f"{_verdict(provisioning.wall_s < provisioning_target)} |",
        "",
        f"## Community home page, {big} sites against {small} (median request time)",
        "",
        f"| Implementation | Site root paths cache | {small} sites | {big} sites | Ratio "
        f"| Queries ({small} → {big}) | Target |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for name, cache_state in CASES:
        little, large = renders[name, cache_state, small], renders[name, cache_state, big]
        ratio = large.median_ms / little.median_ms
        target = (
            f"≤ {ratio_target}×: {_verdict(ratio <= ratio_target)}"
            if name.startswith("Jiayuan")
            else "(reference)"
        )
        lines.append(
            f"| {name} | {cache_state} | {little.median_ms:.1f} ms | {large.median_ms:.1f} ms "
            f"| {ratio:.2f}× | {little.queries} → {large.queries} | {target} |"
        )
    samples = len(next(iter(renders.values())).seconds)
    lines += [
        "",
        f"{samples} requests per cell through Django's test client (middleware, routing, "
        "templates), the two databases alternating round by round. Stock Wagtail: "
        "`site_paths.stock_wagtail(BasePage)` restores Wagtail's `Site.get_site_root_paths` "
        "and Page's own URL methods. Cold: Wagtail's site root paths cache cleared before "
        "each request.",
        "",
        f"Benchmark run time: {runtime / 60:.1f} min.",
        "",
    ]
    return "\n".join(lines)
