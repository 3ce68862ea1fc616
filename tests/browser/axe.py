"""The accessibility check every browser test uses: axe-core, failing on serious or critical violations."""

import warnings

from axe_playwright_python.sync_playwright import Axe

BLOCKING_IMPACTS = {"serious", "critical"}
AXE = Axe()


def describe(violations):
    """axe's findings as readable lines: rule, impact, help, and each offending element."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {' > '.join(map(str, node['target']))}: {summary}")
    return "\n".join(lines)


def assert_no_blocking_violation(page, label):
    """Run axe on ``page``; print minor findings, fail on serious or critical ones."""
    violations = AXE.run(page).response["violations"]
    blocking = [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]
    others = [violation for violation in violations if violation["impact"] not in BLOCKING_IMPACTS]
    if others:
        warnings.warn(f"axe, minor or moderate on {label}:\n{describe(others)}", stacklevel=2)
    assert not blocking, f"axe found serious or critical violations on {label}:\n{describe(blocking)}"
