"""Methodological products (методические продукты) and their examination by the expert council (order 135-р
2.4.2): ``model`` the values, ``events`` the facts, ``expertise`` the examination as an obligation of the authoring
site's cycle, ``product`` the product's own life (draft, versions, registry, implementations)."""
