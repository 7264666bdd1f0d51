"""Host-side build of the Plauder site: plans the files of build/, then writes them at once."""
