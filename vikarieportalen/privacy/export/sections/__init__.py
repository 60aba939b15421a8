"""The export's sections, one module per group of apps; ``selectors.personal_data_export`` joins them."""
