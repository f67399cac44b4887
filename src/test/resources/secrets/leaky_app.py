"""An app module whose import fails with secrets in its message, as a misconfigured app's does."""
raise RuntimeError(
    "cannot reach the result backend: password=leak-pw-1 token=leak-tok-2 api_key: leak-key-3 "
    "SECRET_KEY='leak-sk-4'"
)
