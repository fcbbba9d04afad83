"""The live simulations: one module per simulation, drawing what `tutor.sim` computes."""
