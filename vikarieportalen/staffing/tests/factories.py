from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import factory

from vikarieportalen.accounts.models import User
from vikarieportalen.staffing.models import AreaOfWork, Workplace


class WorkplaceFactory(factory.django.DjangoModelFactory):
    """``WorkplaceFactory(managers=[manager])``."""

    class Meta:
        model = Workplace
        django_get_or_create = ["name"]
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Äldreboendet Solrosen {n}")
    area = AreaOfWork.ELDERLY_CARE
    address = factory.Sequence(lambda n: f"Solrosvägen {n + 1}, 681 42 Kristinehamn")
    phone = "0550-880 00"
    is_active = True

    @factory.post_generation
    def managers(self, create: bool, extracted: Iterable[User] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.managers.add(*extracted)
