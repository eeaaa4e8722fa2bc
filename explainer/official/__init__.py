"""Official statistics (DfE and ONS) brought into the data package: `build.py import-official`."""
