"""The gateway at its edge: what a request may cost, who may send how many, which headers
pass, and the numbers that say how it went."""
