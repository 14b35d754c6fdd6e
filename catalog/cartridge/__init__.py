"""IMS Common Cartridge 1.1 exports (``.imscc``) of approved lists and teacher collections.

``package`` builds the cartridge from plain values (pure functions: manifest, one link file
per material, an attribution page, the zip); ``sources`` turns a published list version or a
collection into those values. An LMS (Canvas, Moodle, Schoology, …) imports the file as
course content: one link per material, grouped as the list groups them, with each material's
TASL attribution and licence, and the list's version, review date and jurisdiction.
"""
