"""The programme under the chair's clock: editing the agenda and its timing while the clock may run."""
