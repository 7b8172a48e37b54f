"""File > Import, Export and Print: dialogs and commands over ``app.io``.

The readers and writers (and every rule about the formats) live in ``app.io``; this
package only asks for files and mappings, shows progress and reports, and hands the
result to the window's one door for edits.
"""
