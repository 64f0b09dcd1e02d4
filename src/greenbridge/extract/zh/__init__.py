"""Chinese extraction: the same entities and relations as the English rules, found with a
Chinese tagger (Baidu LAC by default, jieba as the alternative) and Chinese patterns."""

from greenbridge.extract.zh.pipeline import ZH_EXTRACTOR_VERSION, extract_chinese

__all__ = ["ZH_EXTRACTOR_VERSION", "extract_chinese"]
