"""shuangyong-example-zhejiang: the plugin docs/tutorial-provincial-plugin.rst builds.

浙江省 (330000) and 杭州市 (330100). The local standard it encodes is published: the
《浙江省军人军属权益保障条例》(2015, 2020-09-24 修正) 第七条第二款 says a city or county sets
the 义务兵家庭优待金 "以当地上年度城乡居民人均消费支出统计指标为基础", and 第二十条 that the
government of the place of settlement gives self-employed veterans a one-off subsidy. Which
statistic is the base is read in that text; every amount and ratio here is an **example**
(杭州市's own figures were not found), shown as such in every explanation.

It adds no rule: the national rules ``conscript_family_allowance`` and
``local_settlement_subsidy`` read the values it sets for its jurisdictions.
"""

from __future__ import annotations

from shuangyong.authoring import ParameterRegistrar, hookimpl

__all__ = ["__distribution__", "__version__", "register_parameters"]

__version__ = "0.1.0"
__distribution__ = "shuangyong-example-zhejiang"


@hookimpl
def register_parameters(registry: ParameterRegistrar) -> None:
    """The province's and the city's values (``data/*.toml``)."""
    registry.add_package_data("shuangyong_example_zhejiang.data")
