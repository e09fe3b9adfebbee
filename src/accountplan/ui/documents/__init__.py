"""What the customer receives: the success plan and the document exports."""
