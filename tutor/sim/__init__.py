"""Pure numpy simulations behind the lesson widgets; import the submodule you need (numpy loads then)."""
