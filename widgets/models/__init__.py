"""Qt item models that present the Document to views; they never change data themselves."""
