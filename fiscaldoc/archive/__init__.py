"""Archive scale: resumable batches (``resume``), the facts dataset (``query``), subjects
across documents (``subjects``, ``dictionary``), executors (``executors``) and the progress
display (``progress``)."""
