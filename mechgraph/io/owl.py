"""The knowledge base as an OWL ontology (RDF/XML), built with owlready2, for Protégé.

* classes.tsv becomes the class hierarchy (TBox);
* entities become named individuals of their type (and of parent classes);
* formulations get ``has_carrier`` / ``has_payload`` / ``has_property`` assertions;
* each claim is an individual of ``CausalClaim`` (n-ary relation pattern) with
  ``claim_subject``, ``claim_object``, ``relation``, its context, evidence and curation data.
  A class-level claim points at the class IRI (OWL 2 punning).

Labels use ``rdfs:label``; synonyms and cross-references use oboInOwl's ``hasExactSynonym``
and ``hasDbXref``; definitions use IAO:0000115. Output is deterministic for a given input.
"""

from __future__ import annotations

import io
import types
from typing import Any

from mechgraph.model.kb import KnowledgeBase
from mechgraph.model.rdf_vocab import BASE_IRI, OBO, OBO_IN_OWL

__all__ = ["BASE_IRI", "OBO", "OBO_IN_OWL", "build_ontology", "owl_bytes"]


def build_ontology(kb: KnowledgeBase) -> Any:
    """Build an owlready2 ontology (in its own World) from a knowledge base.

    owlready2 has no type hints: its ontologies, classes and individuals are ``Any`` here.
    """
    import owlready2 as owl

    world = owl.World()
    onto = world.get_ontology(BASE_IRI)
    oboinowl = onto.get_namespace(OBO_IN_OWL)
    obo = onto.get_namespace(OBO)
    with onto:

        def annotation_property(name: str, namespace: Any) -> Any:
            return types.new_class(
                name, (owl.AnnotationProperty,), exec_body=lambda ns: ns.update(namespace=namespace)
            )

        annotation_property("hasExactSynonym", oboinowl)
        annotation_property("hasDbXref", oboinowl)
        annotation_property("IAO_0000115", obo).label = ["definition"]

        def object_property(name: str, label: str) -> Any:
            prop: Any = types.new_class(name, (owl.ObjectProperty,))
            prop.label = [label]
            return prop

        def data_property(name: str, label: str, functional: bool = True) -> Any:
            bases = (
                (owl.DataProperty, owl.FunctionalProperty) if functional else (owl.DataProperty,)
            )
            prop: Any = types.new_class(name, bases)
            prop.label = [label]
            return prop

        props = {
            name: object_property(name, label)
            for name, label in (
                ("has_carrier", "has carrier"),
                ("has_payload", "has payload"),
                ("has_property", "has carrier property"),
                ("member_of", "member of"),
                ("claim_subject", "claim subject"),
                ("claim_object", "claim object"),
                ("from_document", "from document"),
                ("in_context", "in context"),
                ("within_context", "within a broader context value"),
                ("part_of_stage", "part of stage"),
            )
        }
        for name, label, functional in (
            ("relation", "relation", True),
            ("comparator", "comparator arm", True),
            ("background", "components both arms share", True),
            ("scope", "scope", True),
            ("via", "claims that give the mechanism", True),
            ("evidence_level", "evidence level", True),
            ("quote", "verbatim quote", True),
            ("section", "section", True),
            ("cited_reference", "cited reference number", False),
            ("curator", "curator", True),
            ("curation_date", "curation date", True),
            ("curated_at", "curated at (file:line)", True),
            ("readout_kind", "readout kind", True),
            ("readout_order", "readout order", True),
            ("desirable_direction", "desirable direction", True),
            ("context_key", "context key", True),
            ("context_value", "context value", True),
            ("citation", "citation", True),
            ("source_file", "source file", True),
        ):
            data_property(name, label, functional)

        def annotate(target, label: str, synonyms=(), xrefs=(), text: str = "") -> None:
            # One append per value: assigning a whole list makes owlready2 add the values
            # in set order, which changes from run to run.
            target.label.append(label)
            for value in synonyms:
                target.hasExactSynonym.append(value)
            for value in xrefs:
                target.hasDbXref.append(value)
            if text:
                target.IAO_0000115.append(text)

        claim_cls: Any = types.new_class("CausalClaim", (owl.Thing,))
        claim_cls.label = ["causal claim"]
        document_cls: Any = types.new_class("SourceDocument", (owl.Thing,))
        document_cls.label = ["source document"]

        classes: dict[str, Any] = {}

        def owl_class(class_id: str) -> Any:
            if class_id not in classes:
                record = kb.classes[class_id]
                parent = owl_class(record.parent) if record.parent in kb.classes else owl.Thing
                cls = types.new_class(class_id, (parent,))
                annotate(cls, record.label, record.synonyms, record.xrefs, record.definition)
                classes[class_id] = cls
            return classes[class_id]

        for class_id in kb.classes:
            owl_class(class_id)

        nodes: dict[str, Any] = dict(classes)
        for entity in kb.entities.values():
            individual = owl_class(entity.type)(entity.id)
            annotate(individual, entity.label, entity.synonyms, entity.xrefs, entity.definition)
            nodes[entity.id] = individual
        for item in kb.strategies:  # a formulation is an instance of its strategies' classes
            nodes[item.formulation].is_a.append(classes[item.strategy])
        for entity in kb.entities.values():
            for parent in entity.parents:
                if parent in kb.classes:
                    nodes[entity.id].is_a.append(classes[parent])
                else:
                    props["member_of"][nodes[entity.id]].append(nodes[parent])
        for form in kb.formulations.values():
            individual = nodes[form.id]
            props["has_carrier"][individual].append(nodes[form.carrier])
            for payload in form.payloads:
                props["has_payload"][individual].append(nodes[payload])
            for prop in form.properties:
                props["has_property"][individual].append(nodes[prop])
        for readout in kb.readouts.values():
            individual = nodes[readout.id]
            individual.readout_kind = readout.kind.value
            individual.readout_order = readout.order
            individual.desirable_direction = readout.desirable.value
            if readout.stage:
                props["part_of_stage"][individual].append(nodes[readout.stage])

        contexts = {}
        for (key, value), record in kb.contexts.items():
            individual = owl_class(kb.declared_context_key(key).class_id)(f"context_{key}_{value}")
            annotate(individual, record.label, record.synonyms, record.xrefs, record.definition)
            individual.context_key = key
            individual.context_value = value
            contexts[(key, value)] = individual
        for (key, value), record in kb.contexts.items():
            if record.parent:
                props["within_context"][contexts[(key, value)]].append(
                    contexts[(key, record.parent)]
                )
        documents = {}
        for doc in kb.documents.values():
            individual = document_cls(f"document_{doc.id}")
            annotate(individual, doc.title, text=doc.note)
            if doc.citation:
                individual.citation = doc.citation
            if doc.file:
                individual.source_file = doc.file
            documents[doc.id] = individual

        for claim in kb.claims:
            individual = claim_cls(f"claim_{claim.id}")
            individual.label = [
                f"{claim.id}: {kb.label(claim.subject)} {claim.relation.value} "
                f"{kb.label(claim.object)}"
            ]
            props["claim_subject"][individual].append(nodes[claim.subject])
            props["claim_object"][individual].append(nodes[claim.object])
            individual.relation = claim.relation.value
            if claim.comparator:
                individual.comparator = claim.comparator
            if claim.background:
                individual.background = "|".join(claim.background)
            if claim.scope != "every":
                individual.scope = claim.scope
            if claim.via:
                individual.via = "|".join(claim.via)
            ev = claim.evidence
            individual.evidence_level = ev.level.value
            if ev.quote:
                individual.quote = ev.quote
            if ev.section:
                individual.section = ev.section
            for ref in ev.refs:
                individual.cited_reference.append(ref)
            if ev.curator:
                individual.curator = ev.curator
            if ev.date:
                individual.curation_date = ev.date
            if claim.source:  # file name only, so that the export does not depend on the cwd
                file_name = claim.source.file.replace("\\", "/").rsplit("/", 1)[-1]
                individual.curated_at = f"{file_name}:{claim.source.line}"
            if ev.document in documents:
                props["from_document"][individual].append(documents[ev.document])
            for key in sorted(claim.context):
                for value in sorted(claim.context[key]):
                    props["in_context"][individual].append(contexts[(key, value)])
            if claim.note:
                individual.comment = [claim.note]
    return onto


def owl_bytes(kb: KnowledgeBase) -> bytes:
    """The ontology serialised as RDF/XML."""
    buffer = io.BytesIO()
    build_ontology(kb).save(file=buffer, format="rdfxml")
    return buffer.getvalue()
