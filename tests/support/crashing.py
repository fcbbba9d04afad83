"""A simulation that fails on demand, to test crash containment."""

from __future__ import annotations

from textual.binding import Binding

from tutor.widgets.simulations.simulation import Simulation


class CrashingSimulation(Simulation):
    """Fails in an action (`x`), in rendering (`y`), or at mount when `fail_on_mount` is set."""

    BINDINGS = [Binding("x", "fail", "Fail"), Binding("y", "fail_to_render", "Fail to render")]
    fail_on_mount = False
    broken_render = False

    def on_mount(self) -> None:
        if self.fail_on_mount:
            raise RuntimeError("failed at mount")

    def render(self) -> str:
        if self.broken_render:
            raise ZeroDivisionError("failed to render")
        return "crashing simulation, still fine"

    def action_fail(self) -> None:
        raise ValueError("failed in an action")

    def action_fail_to_render(self) -> None:
        self.broken_render = True
        self.refresh()
