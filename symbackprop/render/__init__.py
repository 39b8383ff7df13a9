"""Derivations for people: LaTeX, Markdown, the terminal and Jupyter.

Every function here returns a string; only the command line writes files
or prints. The marks saying how each line was machine-checked come from
step results passed in, never from the renderers themselves.
"""
